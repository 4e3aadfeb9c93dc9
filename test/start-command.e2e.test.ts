import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { DEMO_PASSWORD, PATIENTS } from '../db/src/seed-data.ts';
import { spawnTs, type Child } from './support/child.ts';
import { freePort } from './support/ports.ts';

let child: Child | undefined;
let dir: string | undefined;
afterAll(async () => {
  await child?.kill('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm start (embedded mode)', () => {
  it('runs the whole system on an embedded PostgreSQL and answers over HTTP', { timeout: 120_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitals-start-'));
    // as root the embedded server runs as the postgres user, which must reach the data folder
    await chmod(dir, 0o755);
    const [pgPort, httpPort, mqttPort, ingestHttp, alertsHttp] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const env: Record<string, string> = {
      VITALS_DATA_DIR: dir,
      EMBEDDED_PG_PORT: String(pgPort),
      HTTP_PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      INGEST_HTTP_PORT: String(ingestHttp),
      ALERTS_HTTP_PORT: String(alertsHttp),
      LOG_LEVEL: 'warn',
      SIMULATE_BACKFILL_DAYS: '1',
    };
    // nothing external: no DATABASE_URL, no REDIS_URL
    const childEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([k]) => k !== 'DATABASE_URL' && k !== 'REDIS_URL')) as Record<string, string>;
    child = spawnTs('scripts/start.ts', [], childEnv);
    const m = await child.waitFor(/vitals running: api (\S+)/, 90_000);
    const api = m[1]!;
    const health = await fetch(`${api}/readyz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const openapi = await (await fetch(`${api}/openapi.json`)).json();
    expect(openapi.openapi).toBe('3.1.0');
    const ingest = await fetch(`http://127.0.0.1:${ingestHttp}/readyz`);
    expect(ingest.status).toBe(200);
    // the simulated homes publish a day of device history over MQTT into the embedded PostgreSQL
    const pg = new Client({ connectionString: `postgres://postgres:vitals-embedded@127.0.0.1:${pgPort}/vitals` });
    await pg.connect();
    let n = 0;
    for (let i = 0; i < 100 && n < 288; i++) {
      await new Promise((r) => setTimeout(r, 200));
      n = (await pg.query(`SELECT count(*)::int AS n FROM readings r JOIN devices d ON d.id = r.device_id WHERE d.device_key = 'CGM-0001'`)).rows[0].n;
    }
    await pg.end();
    expect(n).toBeGreaterThanOrEqual(288);

    // …and a patient reads her simulated meter readings back through the API
    const login = await fetch(`${api}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'maria@demo.vitals', password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const readings = await fetch(`${api}/v1/patients/${PATIENTS[0].id}/readings?metric=glucose&order=desc&limit=5`, { headers: { cookie } });
    expect(readings.status).toBe(200);
    const body = (await readings.json()) as { items: Array<{ value: number; unit: string }> };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ unit: 'mg/dL' });
  });
});
