import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDb } from '../support/db-fixture.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { listen, type Listening } from '../../common/src/http-server.ts';
import type { Closer } from '../../common/src/lifecycle.ts';
import { loadIngestConfig } from '../../ingest/src/config.ts';
import { startIngest, type IngestHandle } from '../../ingest/src/main.ts';
import { apiHarness } from '../support/api-harness.ts';

const db = useTestDb();
const closers: Closer[] = [];
let ingest: IngestHandle;
let api: Listening;
beforeAll(async () => {
  ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db().url, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_CONNECT_TIMEOUT_MS: '500' }), { logger: silentLogger(), queuePrefix: `t${randomBytes(4).toString('hex')}` });
  closers.push(...ingest.closers);
  api = await listen(apiHarness(db().pool).app.fetch, { port: 0, headersTimeoutMs: 1000 });
  closers.push({ name: 'api', close: () => api.close() });
});
afterAll(async () => {
  for (const c of closers.reverse()) await c.close();
});

/** Open a raw socket, write, and resolve with how long the server took to close it. */
function closedAfter(port: number, write: (s: net.Socket) => void, limitMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const s = net.connect(port, '127.0.0.1', () => write(s));
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.on('close', () => resolve(Date.now() - t0));
    setTimeout(() => reject(new Error(`socket still open after ${limitMs} ms`)), limitMs).unref();
  });
}

describe('hostile network input', () => {
  it('drops an MQTT connection announcing a huge packet before reading its body', async () => {
    // PUBLISH with remaining length 200,000,000 (varint 0x80 0x84 0xAF 0x5F)
    const ms = await closedAfter(ingest.mqttPort!, (s) => s.write(Buffer.from([0x30, 0x80, 0x84, 0xaf, 0x5f, 0x00])), 3000);
    expect(ms).toBeLessThan(1000);
  });

  it('drops an MQTT connection that never sends CONNECT (slow-loris)', async () => {
    const ms = await closedAfter(ingest.mqttPort!, () => undefined, 5000);
    expect(ms).toBeGreaterThanOrEqual(400);
  });

  it('drops an HTTP client that dribbles its headers (slow-loris)', async () => {
    const port = Number(new URL(api.url).port);
    const ms = await closedAfter(
      port,
      (s) => {
        s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
        const t = setInterval(() => (s.writable ? s.write('X-A: b\r\n') : clearInterval(t)), 200);
        s.on('close', () => clearInterval(t));
      },
      8000,
    );
    expect(ms).toBeLessThan(5000);
  });

  it('answers an oversized API body with 413 problem+json', async () => {
    const r = await fetch(`${api.url}/v1/devices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'y'.repeat(2 * 1024 * 1024) }) });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });
});
