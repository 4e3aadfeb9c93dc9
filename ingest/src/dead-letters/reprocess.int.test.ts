import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, GATEWAYS, PATIENTS } from '../../../db/src/seed-data.ts';
import { ManualClock } from '../../../common/src/clock.ts';
import { readingId } from '../../../common/src/reading-id.ts';
import { commitSubmissions } from '../pipeline/reading-store.ts';
import { validateBatch } from '../pipeline/validate-batch.ts';
import { reprocessDeadLetters } from './reprocess.ts';

const exec = promisify(execFile);
const db = useTestDb();

describe('dead-letter reprocessing', () => {
  it('stores readings of a device once it is assigned; CLI and function agree', async () => {
    await seedDemo(db().pool);
    const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
    const gw = GATEWAYS[0].id;
    const { rows } = await db().pool.query(`INSERT INTO devices (clinic_id, device_key, type, gateway_id) VALUES ($1, 'NEW-DEV', 'glucose_meter', $2) RETURNING id`, [CLINIC.id, gw]);
    const mk = (seq: number) =>
      Buffer.from(JSON.stringify({ v: 1, gatewayId: gw, sentAt: clock.now().toISOString(), readings: [{ id: readingId('NEW-DEV', '2A18', { sequence: seq }), deviceId: 'NEW-DEV', characteristic: '2A18', sequence: seq, measuredAt: '2026-06-01T10:00:00Z', values: [{ metric: 'glucose', value: 111, unit: 'mg/dL' }] }] }));
    for (const seq of [1, 2]) {
      const payload = mk(seq);
      await commitSubmissions(db().pool, [{ gatewayId: gw, topic: 't', payload, receivedAt: clock.now(), verdict: validateBatch(payload, gw, { now: clock.now(), maxFutureMs: 0 }) }]);
    }
    expect((await db().pool.query(`SELECT reason FROM dead_letters WHERE status = 'open'`)).rows.map((r) => r.reason)).toEqual(['unassigned_device', 'unassigned_device']);

    // still unassigned: closed and re-opened as a new dead letter, nothing stored
    const again = await reprocessDeadLetters(db().pool, clock, { reasons: ['unassigned_device'], limit: 1 });
    expect(again).toEqual({ examined: 1, readingsStored: 0, stillDead: 1 });

    await db().pool.query(`INSERT INTO device_assignments (device_id, patient_id, valid) VALUES ($1, $2, tstzrange('2026-01-01', NULL))`, [rows[0].id, PATIENTS[0].id]);
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'ingest/src/cli.ts', 'reprocess-dead-letters', '--reason', 'unassigned_device'], { env: { ...process.env, DATABASE_URL: db().url } });
    expect(JSON.parse(stdout)).toEqual({ examined: 2, readingsStored: 2, stillDead: 0 });
    expect((await db().pool.query(`SELECT count(*)::int AS n FROM readings WHERE patient_id = $1 AND device_id = $2`, [PATIENTS[0].id, rows[0].id])).rows[0].n).toBe(2);
    expect((await db().pool.query(`SELECT count(*)::int AS n FROM dead_letters WHERE status = 'open'`)).rows[0].n).toBe(0);
  });
});
