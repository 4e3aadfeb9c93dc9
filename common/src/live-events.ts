import { Redis } from 'ioredis';
import pg from 'pg';
import { z } from 'zod';

/**
 * Small fan-out channel from ingest/alerts to the API's server-sent event streams. Redis pub/sub
 * when Redis is configured, PostgreSQL LISTEN/NOTIFY in the embedded mode; same interface.
 * Best effort by design: a browser that misses an event refetches on reconnect.
 */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('readings'), patientId: z.uuid(), metrics: z.array(z.string()), count: z.number().int(), latestAt: z.string() }),
  z.object({ type: z.literal('alert'), patientId: z.uuid(), alertId: z.string(), severity: z.string(), state: z.string() }),
  z.object({ type: z.literal('gateway'), gatewayId: z.string(), state: z.string() }),
  z.object({ type: z.literal('gateway-revoked'), gatewayId: z.string() }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;

export type LiveEventType = LiveEvent['type'];

export interface LiveEvents {
  publish(event: LiveEvent): Promise<void>;
  /**
   * Calls handler for every valid event (of `types`, when given); resolves once listening. Returns
   * an unsubscribe. Ingest publishes a `readings` event per patient per commit, thousands a second
   * in a flood: a subscriber that wants only revocations or alerts names them, and the others are
   * dropped before they are parsed.
   */
  subscribe(handler: (event: LiveEvent) => void, types?: readonly LiveEventType[]): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PostgreSQL NOTIFY payloads are limited to 8000 bytes; our events are far smaller. */
const CHANNEL = 'vitals_live';

/** The event's type read off the raw JSON without parsing it (undefined when it cannot tell). */
const rawType = (raw: string): string | undefined => /"type":"([a-z-]+)"/.exec(raw)?.[1];

function parse(raw: string, types?: ReadonlySet<string>): LiveEvent | null {
  if (types) {
    const t = rawType(raw);
    if (t !== undefined && !types.has(t)) return null;
  }
  try {
    const r = LiveEvent.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function createRedisLiveEvents(url: string, opts: { channel?: string } = {}): LiveEvents {
  const channel = opts.channel ?? CHANNEL;
  // auto-pipelining: ingest publishes one event per patient of a commit in the same tick, sent as one write
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  // reconnects by itself; a publish during an outage rejects (live events are best effort)
  pub.on('error', () => undefined);
  const subs: Redis[] = [];
  return {
    async publish(event) {
      await pub.publish(channel, JSON.stringify(event));
    },
    async subscribe(handler, types) {
      const wanted = types ? new Set<string>(types) : undefined;
      const sub = new Redis(url, { maxRetriesPerRequest: null });
      sub.on('error', () => undefined);
      subs.push(sub);
      sub.on('message', (_c: string, msg: string) => {
        const e = parse(msg, wanted);
        if (e) handler(e);
      });
      await sub.subscribe(channel);
      return async () => {
        sub.disconnect();
      };
    },
    async close() {
      pub.disconnect();
      subs.forEach((s) => s.disconnect());
    },
  };
}

export function createPostgresLiveEvents(db: pg.Pool, connectionString: string, opts: { channel?: string } = {}): LiveEvents {
  const channel = opts.channel ?? CHANNEL;
  const listeners: pg.Client[] = [];
  return {
    async publish(event) {
      await db.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(event)]);
    },
    async subscribe(handler, types) {
      const wanted = types ? new Set<string>(types) : undefined;
      const client = new pg.Client({ connectionString });
      await client.connect();
      listeners.push(client);
      client.on('notification', (n) => {
        const e = n.payload ? parse(n.payload, wanted) : null;
        if (e) handler(e);
      });
      client.on('error', () => undefined);
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await Promise.all(listeners.map((l) => l.end().catch(() => undefined)));
    },
  };
}

export function createLiveEvents(cfg: { REDIS_URL?: string | undefined; DATABASE_URL: string }, db: pg.Pool): LiveEvents {
  return cfg.REDIS_URL ? createRedisLiveEvents(cfg.REDIS_URL) : createPostgresLiveEvents(db, cfg.DATABASE_URL);
}
