import net from 'node:net';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestAlerts, testAlertsConfig, uniquePrefix } from '../alerts/src/testing/fixtures.ts';
import { loadIngestConfig } from '../ingest/src/config.ts';
import { startIngest } from '../ingest/src/main.ts';
import { silentLogger } from '../common/src/logger.ts';
import { useTestDb } from './support/db-fixture.ts';
import { REDIS_URL } from './support/services.ts';

/**
 * The ingest and alerts ops ports (health, readiness, /metrics) have no authentication, so by
 * default they listen on loopback only: another host cannot reach them (docs/api-operations.md).
 */
const db = useTestDb({ poolMax: 2 });
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

/** An address of this machine that is not loopback, if it has one. */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

describe('ops ports', () => {
  it.skipIf(outside === undefined)('answer on loopback and refuse connections to the machine\'s other addresses', async () => {
    const ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db().url, REDIS_URL, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'silent' }), { logger: silentLogger(), queuePrefix: uniquePrefix('ops-bind') });
    stops.push(async () => {
      for (const c of [...ingest.closers].reverse()) await c.close();
    });
    const alerts = await startTestAlerts(testAlertsConfig(db().url, { REDIS_URL }), { queuePrefix: uniquePrefix('ops-bind') });
    stops.push(alerts);
    for (const url of [ingest.httpUrl, alerts.httpUrl]) {
      const port = Number(new URL(url).port);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(await connects(outside!, port), `${url} from ${outside}`).toBe(false);
    }
  }, 60_000);
});
