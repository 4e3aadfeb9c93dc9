import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDb } from '../support/db-fixture.ts';
import { freePort } from '../support/ports.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { GATEWAYS } from '../../db/src/seed-data.ts';
import { silentLogger } from '../../common/src/logger.ts';
import type { Closer } from '../../common/src/lifecycle.ts';
import { loadIngestConfig } from '../../ingest/src/config.ts';
import { startIngest } from '../../ingest/src/main.ts';
import { loadGatewayConfig } from '../../gateway-agent/src/config.ts';
import { startGateway } from '../../gateway-agent/src/main.ts';

const db = useTestDb();
const closers: Closer[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c.close();
});

describe('a gateway offline for a simulated day', () => {
  it('keeps the day on disk and delivers all of it, once, after reconnecting', { timeout: 120_000 }, async () => {
    await seedDemo(db().pool);
    const port = await freePort();
    const dir = await mkdtemp(path.join(tmpdir(), 'vitals-offline-'));
    const gw = GATEWAYS[0]; // glucose meter 4×/day + BP cuff 2×/day
    // the broker is not there yet: a day of readings (simulated backfill) piles up in the outbox
    const gateway = await startGateway(
      loadGatewayConfig({ GATEWAY_ID: gw.id, GATEWAY_TOKEN: gw.token, MQTT_URL: `mqtt://127.0.0.1:${port}`, OUTBOX_DIR: path.join(dir, 'outbox'), STATE_DIR: path.join(dir, 'state'), SIMULATE: 'true', SIMULATE_BACKFILL_DAYS: '1' }),
      { logger: silentLogger() },
    );
    closers.push(...gateway.closers);
    for (let i = 0; i < 100 && gateway.agent.stats().readings < 6; i++) await new Promise((r) => setTimeout(r, 50));
    const produced = gateway.agent.stats().readings;
    expect(produced).toBeGreaterThanOrEqual(5);
    expect(gateway.outbox.depth()).toBe(produced);

    const ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db().url, MQTT_PORT: String(port), MQTT_HOST: '127.0.0.1', HTTP_PORT: '0' }), { logger: silentLogger(), queuePrefix: `t${randomBytes(4).toString('hex')}` });
    closers.push(...ingest.closers);
    for (let i = 0; i < 200 && gateway.outbox.depth() > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(gateway.outbox.depth()).toBe(0);
    const { rows } = await db().pool.query('SELECT count(DISTINCT reading_id)::int AS d FROM readings');
    expect(rows[0].d).toBe(produced);
  });
});
