import { randomBytes } from 'node:crypto';
import { systemClock } from '../../../common/src/clock.ts';
import { listen } from '../../../common/src/http-server.ts';
import type { Closer } from '../../../common/src/lifecycle.ts';
import { createPostgresLiveEvents } from '../../../common/src/live-events.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { createApp, type App } from '../../../api/src/app.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { loadIngestConfig } from '../../../ingest/src/config.ts';
import { startIngest } from '../../../ingest/src/main.ts';
import { freePort } from '../../support/ports.ts';
import type { TestDb } from '../../support/test-db.ts';

export interface Portal {
  url: string;
  app: App;
  /** The embedded broker's port, when started with `ingest: true`. */
  mqttPort?: number;
  close(): Promise<void>;
}

const SESSION_SECRET = 'web-e2e-session-secret-0123456789abcdef';

/**
 * The whole portal on a port for a real browser: the seeded demo clinic, the API with the web
 * routes and live events on PostgreSQL LISTEN/NOTIFY, and (optionally) ingest with the embedded
 * aedes broker on a free port, so a reading published over MQTT reaches an open page.
 */
export async function startPortal(db: TestDb, opts: { ingest?: boolean } = {}): Promise<Portal> {
  const closers: Closer[] = [];
  await seedDemo(db.pool);
  let mqttPort: number | undefined;
  if (opts.ingest) {
    const ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db.url, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_RATE_LIMIT_PER_S: '1000' }), {
      logger: silentLogger(),
      queuePrefix: `w${randomBytes(4).toString('hex')}`,
    });
    closers.push(...ingest.closers);
    mqttPort = ingest.mqttPort;
  }
  const live = createPostgresLiveEvents(db.pool, db.url);
  closers.push({ name: 'live', close: () => live.close() });
  // the origin must be known before the app is built: it is the CORS origin and cookie policy
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = createApp({
    db: db.pool,
    clock: systemClock,
    logger: silentLogger(),
    live,
    config: { PUBLIC_URL: url, MAX_BODY_BYTES: 1024 * 1024, SESSION_SECRET, SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 },
  });
  const server = await listen(app.fetch, { port, host: '127.0.0.1' });
  closers.push({ name: 'http', close: () => server.close() });
  return {
    url,
    app,
    ...(mqttPort !== undefined ? { mqttPort } : {}),
    async close() {
      for (const c of closers.reverse()) await Promise.resolve(c.close()).catch(() => undefined);
    },
  };
}

