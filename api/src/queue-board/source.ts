import type { Queue } from 'bullmq';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { SYSTEM_QUEUES } from './system-queues.ts';

/**
 * The queues an operator may look at, on whichever store the process was configured with. Only
 * names listed here can be opened, so a request cannot make the API create queues at will.
 */
export interface QueueBoardSource {
  readonly backend: QueueFactory['kind'];
  readonly names: readonly string[];
  /** The named queue, or undefined when it is not one of ours. */
  queue(name: string): Queue | undefined;
}

/**
 * A board over `names` (default: every queue of the system) made from the process's queue
 * factory. Each queue is opened on first use and closed by the factory's `close()`.
 *
 * @param factory - the factory the process already has (one connection, its prefix)
 * @param names - the queues to show
 */
export function createQueueBoardSource(factory: Pick<QueueFactory, 'kind' | 'queue'>, names: readonly string[] = SYSTEM_QUEUES): QueueBoardSource {
  const open = new Map<string, Queue>();
  return {
    backend: factory.kind,
    names,
    queue(name) {
      if (!names.includes(name)) return undefined;
      let q = open.get(name);
      if (!q) open.set(name, (q = factory.queue(name)));
      return q;
    },
  };
}
