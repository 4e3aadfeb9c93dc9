/**
 * Groups submissions into one database transaction: at once when the database is idle, otherwise
 * when `maxItems` weight is reached, a commit finishes, or `maxWaitMs` passed. Each submit() resolves after its group committed, so
 * the broker can acknowledge the publish only then. `maxPendingItems` bounds memory: past it,
 * submit() waits for room (the broker stops reading that client meanwhile).
 */
export interface BatcherOptions<T, R> {
  commit(items: T[]): Promise<R>;
  weight?(item: T): number;
  maxItems: number;
  maxWaitMs: number;
  maxPendingItems: number;
  /** Commits running at once; more gives throughput on a multi-core database. */
  concurrency?: number;
}

interface Entry<T> {
  item: T;
  weight: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface Batcher<T> {
  submit(item: T): Promise<void>;
  /** Weight queued or committing now. */
  pending(): number;
  /** Flush everything queued and wait for running commits. */
  drain(): Promise<void>;
}

export function createBatcher<T, R>(opts: BatcherOptions<T, R>): Batcher<T> {
  const weightOf = opts.weight ?? (() => 1);
  const concurrency = opts.concurrency ?? 2;
  let queue: Array<Entry<T>> = [];
  let queuedWeight = 0;
  let inFlightWeight = 0;
  let running = 0;
  let timer: NodeJS.Timeout | undefined;
  const waitingForRoom: Array<() => void> = [];
  const idleWaiters: Array<() => void> = [];

  const takeGroup = (): Array<Entry<T>> => {
    const group: Array<Entry<T>> = [];
    let w = 0;
    while (queue.length && (group.length === 0 || w + queue[0]!.weight <= opts.maxItems)) {
      const e = queue.shift()!;
      w += e.weight;
      group.push(e);
    }
    queuedWeight -= w;
    return group;
  };

  const wakeRoom = () => {
    while (waitingForRoom.length && queuedWeight + inFlightWeight < opts.maxPendingItems) waitingForRoom.shift()!();
  };

  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    while (running < concurrency && queue.length) {
      const group = takeGroup();
      const w = group.reduce((a, e) => a + e.weight, 0);
      inFlightWeight += w;
      running++;
      opts.commit(group.map((e) => e.item)).then(
        () => group.forEach((e) => e.resolve()),
        (err) => group.forEach((e) => e.reject(err)),
      ).finally(() => {
        running--;
        inFlightWeight -= w;
        wakeRoom();
        if (queue.length) schedule();
        if (running === 0 && queue.length === 0) idleWaiters.splice(0).forEach((f) => f());
      });
    }
  };

  // Group commit: with no commit running, flush on the next turn (no added latency); while commits
  // run, arrivals queue up and go out together when one finishes or the wait expires.
  const schedule = () => {
    if (queuedWeight >= opts.maxItems) flush();
    else if (running === 0) timer ??= setTimeout(flush, 0);
    else timer ??= setTimeout(flush, opts.maxWaitMs);
  };

  return {
    async submit(item: T) {
      const weight = weightOf(item);
      while (queuedWeight + inFlightWeight >= opts.maxPendingItems) {
        await new Promise<void>((r) => waitingForRoom.push(r));
      }
      const done = new Promise<void>((resolve, reject) => queue.push({ item, weight, resolve, reject }));
      queuedWeight += weight;
      schedule();
      return done;
    },
    pending: () => queuedWeight + inFlightWeight,
    async drain() {
      flush();
      if (running === 0 && queue.length === 0) return;
      await new Promise<void>((r) => idleWaiters.push(r));
    },
  };
}
