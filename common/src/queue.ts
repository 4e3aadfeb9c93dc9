import { Queue, Worker, createPostgresBackend, withBackend, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Where BullMQ keeps its jobs. Chosen once from configuration: Redis when REDIS_URL is set
 * (production), otherwise BullMQ's PostgreSQL backend in the application database (embedded mode).
 * Nothing else in the code knows which one it got.
 */
export type QueueStore = { kind: 'redis'; url: string } | { kind: 'postgres'; url: string };

export function queueStoreFromConfig(cfg: { REDIS_URL?: string | undefined; DATABASE_URL: string }): QueueStore {
  return cfg.REDIS_URL ? { kind: 'redis', url: cfg.REDIS_URL } : { kind: 'postgres', url: cfg.DATABASE_URL };
}

export interface QueueFactory {
  readonly kind: QueueStore['kind'];
  queue<D>(name: string): Queue<D>;
  worker<D, R = unknown>(name: string, processor: Processor<D, R>, opts?: Omit<WorkerOptions, 'connection' | 'prefix'>): Worker<D, R>;
  /** Closes every queue and worker made here, then the shared connection. */
  close(): Promise<void>;
}

/**
 * Make queues and workers on the configured store. `prefix` namespaces the keys (tests give each
 * file its own). Queues and workers share one connection per store where BullMQ allows it.
 */
export function createQueueFactory(store: QueueStore, opts: { prefix?: string } = {}): QueueFactory {
  const prefix = opts.prefix ?? 'vitals';
  const queues: Queue[] = [];
  const workers: Worker[] = [];
  const trackQueue = <T extends Queue>(q: T): T => (queues.push(q), q);
  const trackWorker = <T extends Worker>(w: T): T => (workers.push(w), w);
  // workers first, so none picks up a job from a queue being closed
  const closeAll = async () => {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.close()));
  };

  if (store.kind === 'redis') {
    // Workers block on the connection, so BullMQ duplicates it for them; it must not retry forever.
    const connection = new Redis(store.url, { maxRetriesPerRequest: null, lazyConnect: false });
    // while Redis is away ioredis reconnects by itself; failed commands reject where they are made
    connection.on('error', () => undefined);
    return {
      kind: 'redis',
      queue: <D>(name: string) => trackQueue(new Queue<D>(name, { connection, prefix })) as Queue<D>,
      worker: <D, R>(name: string, processor: Processor<D, R>, wopts: Omit<WorkerOptions, 'connection' | 'prefix'> = {}) =>
        trackWorker(new Worker<D, R>(name, processor, { ...wopts, connection, prefix })) as Worker<D, R>,
      async close() {
        await closeAll();
        connection.disconnect();
      },
    };
  }

  const pg = withBackend(createPostgresBackend);
  // migrate: true creates BullMQ's own schema ("bullmq") on first use, under its own advisory lock.
  const connection = { connectionString: store.url, migrate: true, max: 5 };
  return {
    kind: 'postgres',
    queue: <D>(name: string) => trackQueue(new pg.Queue<D>(name, { connection, prefix }) as unknown as Queue) as Queue<D>,
    worker: <D, R>(name: string, processor: Processor<D, R>, wopts: Omit<WorkerOptions, 'connection' | 'prefix'> = {}) =>
      trackWorker(new pg.Worker<D, R>(name, processor, { ...wopts, connection, prefix }) as unknown as Worker) as Worker<D, R>,
    async close() {
      await closeAll();
    },
  };
}

export type { JobsOptions };
