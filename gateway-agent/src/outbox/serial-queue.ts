/**
 * Runs async tasks one at a time, in the order they were queued. The outbox has one writer, and a
 * reader must never see a segment half rotated or half deleted, so every operation goes through this.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Queue `task`; the result settles as the task does, and a failure does not block later tasks. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
