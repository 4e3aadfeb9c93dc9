import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDb } from './support/db-fixture.ts';
import { seedDemo } from '../db/src/seed.ts';
import { GATEWAYS } from '../db/src/seed-data.ts';
import { silentLogger } from '../common/src/logger.ts';
import type { Closer } from '../common/src/lifecycle.ts';
import { loadIngestConfig } from '../ingest/src/config.ts';
import { startIngest } from '../ingest/src/main.ts';
import { loadGatewayConfig } from '../gateway-agent/src/config.ts';
import { startGateway } from '../gateway-agent/src/main.ts';

const db = useTestDb();
const closers: Closer[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c.close();
});

describe('gateway simulator → embedded broker → PostgreSQL', () => {
  it('stores every simulated reading exactly once', { timeout: 120_000 }, async () => {
    await seedDemo(db().pool);
    const ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db().url, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_RATE_LIMIT_PER_S: '1000' }), {
      logger: silentLogger(),
      queuePrefix: `t${randomBytes(4).toString('hex')}`,
    });
    closers.push(...ingest.closers);
    const dir = await mkdtemp(path.join(tmpdir(), 'vitals-gw-'));
    // gw-demo-3 has a CGM: 3 days of 5-minute history is 864 readings
    const gw = GATEWAYS[2];
    const gateway = await startGateway(
      loadGatewayConfig({
        GATEWAY_ID: gw.id,
        GATEWAY_TOKEN: gw.token,
        MQTT_URL: `mqtt://127.0.0.1:${ingest.mqttPort}`,
        OUTBOX_DIR: path.join(dir, 'outbox'),
        STATE_DIR: path.join(dir, 'state'),
        SIMULATE: 'true',
        SIMULATE_BACKFILL_DAYS: '3',
        GATEWAY_TIMEZONE: 'America/New_York',
      }),
      { logger: silentLogger() },
    );
    closers.push(...gateway.closers);
    let stored = 0;
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const produced = gateway.agent.stats().readings;
      stored = (await db().pool.query('SELECT count(DISTINCT reading_id)::int AS n FROM readings')).rows[0].n;
      if (produced >= 864 && stored === produced && gateway.outbox.depth() === 0) break;
    }
    const produced = gateway.agent.stats().readings;
    expect(produced).toBeGreaterThanOrEqual(864);
    expect(stored).toBe(produced);
    const rows = (await db().pool.query('SELECT count(*)::int AS n FROM readings')).rows[0].n;
    expect(rows).toBe(produced); // one metric per CGM reading: one row each, none twice
    expect((await db().pool.query(`SELECT count(*)::int AS n FROM dead_letters`)).rows[0].n).toBe(0);
  });
});
