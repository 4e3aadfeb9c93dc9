import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEVICES, GATEWAYS } from '../../db/src/seed-data.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { readingId } from '../../common/src/reading-id.ts';
import { loadIngestConfig } from './config.ts';
import { startIngest, type IngestHandle } from './main.ts';

const exec = promisify(execFile);
const db = useTestDb();
const GW = GATEWAYS[0];
const gm = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;

function batchOf(seqs: number[], over: { deviceId?: string; value?: number; gatewayId?: string } = {}) {
  return JSON.stringify({
    v: 1,
    gatewayId: over.gatewayId ?? GW.id,
    sentAt: new Date().toISOString(),
    readings: seqs.map((s) => ({
      id: readingId(over.deviceId ?? gm.key, '2A18', { sequence: s }),
      deviceId: over.deviceId ?? gm.key,
      characteristic: '2A18',
      sequence: s,
      measuredAt: new Date(Date.now() - 3600_000 + s * 1000).toISOString(),
      values: [{ metric: 'glucose', value: over.value ?? 100 + (s % 50), unit: 'mg/dL' }],
    })),
  });
}

let ingest: IngestHandle;
beforeAll(async () => {
  await seedDemo(db().pool);
  const config = loadIngestConfig({ DATABASE_URL: db().url, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0' });
  ingest = await startIngest(config, { logger: silentLogger(), queuePrefix: `t${randomBytes(4).toString('hex')}` });
});
afterAll(async () => {
  for (const c of [...ingest.closers].reverse()) await c.close();
});

const count = async (sql: string, params: unknown[] = []) => (await db().pool.query(sql, params)).rows[0].n as number;

describe('embedded broker with a real MQTT client (mosquitto_pub)', () => {
  it('stores a batch published with the gateway credentials, once even when resent', async () => {
    const args = ['-h', '127.0.0.1', '-p', String(ingest.mqttPort), '-V', 'mqttv311', '-q', '1', '-i', 'gw-demo-1-pub', '-u', GW.id, '-P', GW.token, '-t', `rpm/v1/gw/${GW.id}/readings`, '-m', batchOf([1, 2, 3])];
    await exec('mosquitto_pub', args);
    await exec('mosquitto_pub', args); // a resend: same ids
    expect(await count(`SELECT count(*)::int AS n FROM readings WHERE gateway_id = $1`, [GW.id])).toBe(3);
  });

  it('refuses a bad password', async () => {
    const r = await exec('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ingest.mqttPort), '-q', '1', '-u', GW.id, '-P', 'wrong-token-000000', '-t', `rpm/v1/gw/${GW.id}/readings`, '-m', batchOf([9])]).then(
      () => 'accepted',
      (e: { stderr: string }) => e.stderr,
    );
    expect(r).toMatch(/not authori[sz]ed|Connection Refused|bad user name or password/i);
  });

  it('refuses a publish outside the gateway prefix and stores nothing from it', async () => {
    const other = GATEWAYS[1];
    const r = await exec('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ingest.mqttPort), '-q', '1', '-u', GW.id, '-P', GW.token, '-t', `rpm/v1/gw/${other.id}/readings`, '-m', batchOf([50], { gatewayId: other.id })]).then(
      () => 'ok',
      () => 'failed',
    );
    // mosquitto_pub sees the connection dropped instead of a PUBACK
    expect(r).toBe('failed');
    expect(await count(`SELECT count(*)::int AS n FROM readings WHERE gateway_id = $1`, [other.id])).toBe(0);
  });

  it('dead-letters readings from an unknown device and malformed payloads, with the reason', async () => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: GW.id, password: GW.token, protocolVersion: 4, clientId: 'dl-test' });
    await c.publishAsync(`rpm/v1/gw/${GW.id}/readings`, batchOf([7], { deviceId: 'NOPE-1' }), { qos: 1 });
    await c.publishAsync(`rpm/v1/gw/${GW.id}/readings`, '{not json', { qos: 1 });
    await c.publishAsync(`rpm/v1/gw/${GW.id}/readings`, batchOf([8], { value: 9999 }), { qos: 1 });
    await c.endAsync();
    const { rows } = await db().pool.query(`SELECT reason FROM dead_letters ORDER BY id`);
    expect(rows.map((r) => r.reason)).toEqual(expect.arrayContaining(['unknown_device', 'malformed_json', 'implausible_value']));
  });

  it('refuses wildcard and foreign subscriptions but allows its own cmd topic', async () => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: GW.id, password: GW.token, protocolVersion: 4, clientId: 'sub-test' });
    const granted = await c.subscribeAsync(`rpm/v1/gw/${GW.id}/cmd`, { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    // MQTT.js turns a 0x80 (failure) SUBACK into an error
    await expect(c.subscribeAsync('rpm/v1/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(c.subscribeAsync(`rpm/v1/gw/${GATEWAYS[1].id}/cmd`, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(c.connected).toBe(true);
    await c.endAsync();
  });

  it('tracks online/offline from connect and the last will', async () => {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, {
      username: GW.id,
      password: GW.token,
      protocolVersion: 4,
      clientId: 'will-test',
      will: { topic: `rpm/v1/gw/${GW.id}/status`, payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline' })), qos: 1, retain: true },
    });
    await c.publishAsync(`rpm/v1/gw/${GW.id}/status`, JSON.stringify({ v: 1, state: 'online', uptimeS: 5, devices: [{ deviceId: gm.key, battery: 77 }] }), { qos: 1, retain: true });
    await new Promise((r) => setTimeout(r, 100));
    expect((await db().pool.query(`SELECT state FROM gateways WHERE id = $1`, [GW.id])).rows[0].state).toBe('online');
    expect((await db().pool.query(`SELECT battery FROM devices WHERE id = $1`, [gm.id])).rows[0].battery).toBe(77);
    c.stream.destroy(); // an unclean drop: the broker publishes the will
    await new Promise((r) => setTimeout(r, 300));
    const row = (await db().pool.query(`SELECT state, last_seen_at FROM gateways WHERE id = $1`, [GW.id])).rows[0];
    expect(row.state).toBe('offline');
    expect(row.last_seen_at).toBeInstanceOf(Date);
  });

  it('exposes Prometheus metrics and health', async () => {
    const text = await (await fetch(`${ingest.httpUrl}/metrics`)).text();
    expect(text).toMatch(/vitals_ingest_rows_stored_total \d+/);
    expect(text).toContain('vitals_ingest_dead_lettered_total{reason="unknown_device"}');
    expect((await fetch(`${ingest.httpUrl}/readyz`)).status).toBe(200);
  });
});
