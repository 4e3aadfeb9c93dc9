import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { useTestDb } from './support/db-fixture.ts';
import { apiHarness } from './support/api-harness.ts';
import { seedDemo } from '../db/src/seed.ts';
import { GATEWAYS } from '../db/src/seed-data.ts';
import { silentLogger } from '../common/src/logger.ts';
import { createPostgresLiveEvents } from '../common/src/live-events.ts';
import type { Closer } from '../common/src/lifecycle.ts';
import { createApp } from '../api/src/app.ts';
import { loadIngestConfig } from '../ingest/src/config.ts';
import { startIngest } from '../ingest/src/main.ts';

const db = useTestDb();
const closers: Closer[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c.close();
});

describe('revoking a gateway through the API', () => {
  it('disconnects it from the broker at once and refuses it afterwards', { timeout: 60_000 }, async () => {
    await seedDemo(db().pool);
    const ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db().url, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0' }), { logger: silentLogger(), queuePrefix: `t${randomBytes(4).toString('hex')}` });
    closers.push(...ingest.closers);
    const live = createPostgresLiveEvents(db().pool, db().url);
    closers.push({ name: 'live', close: () => live.close() });
    const h = apiHarness(db().pool, { buildApp: (deps) => createApp({ ...deps, live }) });
    const gw = GATEWAYS[1];
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: gw.id, password: gw.token, clientId: 'revoke-test', protocolVersion: 4, reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect((await h.request(`/v1/gateways/${gw.id}/revoke`, { method: 'POST', as: 'admin@demo.vitals' })).status).toBe(204);
    await closed;
    const again = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: gw.id, password: gw.token, clientId: 'revoke-test-2', protocolVersion: 4, reconnectPeriod: 0 }).then(
      (c) => (c.end(), 'connected'),
      (err: Error) => err.message,
    );
    expect(again).toMatch(/Not authorized/i);
  });
});
