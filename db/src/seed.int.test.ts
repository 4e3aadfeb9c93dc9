import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { seedDemo } from './seed.ts';
import { DEVICES, GATEWAYS, PATIENTS } from './seed-data.ts';

const db = useTestDb();

describe('demo seed', () => {
  it('creates the demo clinic and is idempotent', async () => {
    await seedDemo(db().pool);
    await seedDemo(db().pool);
    const count = async (t: string) => (await db().pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    expect(await count('patients')).toBe(PATIENTS.length);
    expect(await count('gateways')).toBe(GATEWAYS.length);
    expect(await count('devices')).toBe(DEVICES.length);
    expect(await count('device_assignments')).toBe(DEVICES.length);
  });

  it('refuses overlapping assignments of one device', async () => {
    const d = DEVICES[0]!;
    await expect(
      db().pool.query(`INSERT INTO device_assignments (device_id, patient_id, valid) VALUES ($1, $2, tstzrange('2026-01-01', NULL))`, [d.id, PATIENTS[1].id]),
    ).rejects.toThrow(/exclusion constraint/);
  });

  it('makes audit_log append-only', async () => {
    await db().pool.query(`INSERT INTO audit_log (seq, at, actor, action, resource, request_id, prev_hash, hash) VALUES (1, 'now', 'a', 'read', 'x', 'r', 'g', 'h')`);
    await expect(db().pool.query(`UPDATE audit_log SET action = 'y'`)).rejects.toThrow(/append-only/);
    await expect(db().pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db().pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });
});
