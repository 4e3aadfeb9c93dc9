import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { GATEWAYS } from '../../db/src/seed-data.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { loadIngestConfig } from './config.ts';
import { startIngest, type IngestHandle } from './main.ts';

const exec = promisify(execFile);
const db = useTestDb();
const GW = GATEWAYS[0];
let ingest: IngestHandle;
let cert: Buffer;

beforeAll(async () => {
  await seedDemo(db().pool);
  const dir = await mkdtemp(path.join(tmpdir(), 'vitals-tls-'));
  // a throwaway self-signed certificate for 127.0.0.1
  await exec('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
  cert = await readFile(path.join(dir, 'cert.pem'));
  ingest = await startIngest(
    loadIngestConfig({ DATABASE_URL: db().url, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_WS_PORT: '0', MQTT_TLS_PORT: '0', MQTT_TLS_CERT: path.join(dir, 'cert.pem'), MQTT_TLS_KEY: path.join(dir, 'key.pem') }),
    { logger: silentLogger(), queuePrefix: `t${randomBytes(4).toString('hex')}` },
  );
});
afterAll(async () => {
  for (const c of [...ingest.closers].reverse()) await c.close();
});

describe('optional broker transports', () => {
  it('accepts a gateway over WebSocket', async () => {
    const c = await mqtt.connectAsync(`ws://127.0.0.1:${ingest.wsPort}`, { username: GW.id, password: GW.token, protocolVersion: 4, clientId: 'ws-test' });
    expect(c.connected).toBe(true);
    await c.endAsync();
  });

  it('drops a WebSocket connection announcing a huge MQTT packet, as on TCP', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${ingest.wsPort}`, 'mqtt');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', () => resolve(Date.now())));
    const t0 = Date.now();
    // PUBLISH announcing 200,000,000 bytes, split across two frames as a client may
    ws.send(Buffer.from([0x30, 0x80]));
    ws.send(Buffer.from([0x84, 0xaf, 0x5f, 0x00]));
    expect((await closed) - t0).toBeLessThan(2000);
  });

  it('accepts a gateway over TLS that trusts the certificate, with the same authentication', async () => {
    const c = await mqtt.connectAsync(`mqtts://127.0.0.1:${ingest.tlsPort}`, { username: GW.id, password: GW.token, protocolVersion: 4, clientId: 'tls-test', ca: cert });
    expect(c.connected).toBe(true);
    await c.endAsync();
    const refused = await mqtt.connectAsync(`mqtts://127.0.0.1:${ingest.tlsPort}`, { username: GW.id, password: 'wrong-token-000000', protocolVersion: 4, clientId: 'tls-bad', ca: cert, reconnectPeriod: 0 }).then(
      (x) => (x.end(), 'connected'),
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/Not authorized|Bad username/i);
  });
});
