import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { apiHarness } from '../../../test/support/api-harness.ts';
import { appendAudit, verifyAuditLog } from './audit-log.ts';

const db = useTestDb();
const MARIA = PATIENTS[0].id;
const PATEL = USERS.find((u) => u.email === 'nurse.patel@demo.vitals')!;
const MARIA_USER = USERS.find((u) => u.email === 'maria@demo.vitals')!;
const CLI = fileURLToPath(new URL('./verify-cli.ts', import.meta.url));

beforeAll(async () => {
  await seedDemo(db().pool);
});

/** Audit entries like guardPatient writes for health-data reads. */
async function recordReads(clock: ManualClock, n: number) {
  for (let i = 0; i < n; i++) {
    clock.advance(60_000);
    await appendAudit(db().pool, clock, [{ actor: `user:${PATEL.id}`, actorRole: 'clinician', patientId: MARIA, action: 'readings.read', resource: 'readings/glucose', reason: 'via care_team', requestId: `req-${i}` }]);
  }
}

/** Change the log behind the append-only trigger's back, as an attacker with table access could. */
async function tamper(sql: string, params: unknown[]) {
  const c = await db().pool.connect();
  try {
    await c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await c.query(sql, params);
    await c.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  } finally {
    c.release();
  }
}

function runCli() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI], { env: { ...process.env, DATABASE_URL: db().url }, encoding: 'utf8' });
  return { status: r.status, result: JSON.parse(r.stdout.trim()) as { ok: boolean; checked: number; brokenSeq?: number; reason?: string } };
}

describe('who viewed my record', () => {
  it('shows others’ accesses with names, roles, actions, times and reasons, to the patient alone', async () => {
    const h = apiHarness(db().pool);
    await recordReads(h.clock, 3);
    // A denied attempt is shown too.
    expect((await h.request(`/v1/patients/${MARIA}/privacy`, { as: PATEL.email })).status).toBe(403);
    const res = await h.request(`/v1/patients/${MARIA}/access-log?limit=2`, { as: MARIA_USER.email });
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]).toMatchObject({ actor: { name: PATEL.displayName, role: 'clinician' }, action: 'privacy.read', outcome: 'denied', reason: 'not_related' });
    expect(page.entries[1]).toMatchObject({ action: 'readings.read', outcome: 'allowed', reason: 'via care_team', resource: 'readings/glucose' });
    expect(new Date(page.entries[1].at).toISOString()).toBe(page.entries[1].at);
    const next = await (await h.request(`/v1/patients/${MARIA}/access-log?limit=50&before=${page.nextBefore}`, { as: MARIA_USER.email })).json();
    expect(next.entries.length).toBeGreaterThanOrEqual(2);
    expect(next.entries.every((e: { seq: number }) => e.seq < page.nextBefore)).toBe(true);
    // Her own reads of the log are left out unless asked for.
    expect(next.entries.some((e: { action: string }) => e.action === 'access_log.read')).toBe(false);
    const own = await (await h.request(`/v1/patients/${MARIA}/access-log?includeOwn=true`, { as: MARIA_USER.email })).json();
    expect(own.entries[0]).toMatchObject({ action: 'access_log.read', actor: { name: 'Maria Garcia', role: 'patient' } });

    expect((await h.request(`/v1/patients/${MARIA}/access-log`, { as: PATEL.email })).status).toBe(403);
    expect((await h.request(`/v1/patients/${MARIA}/access-log`, { as: 'james@demo.vitals' })).status).toBe(403);
  });
});

describe('audit chain verification', () => {
  it('passes on an intact log, and finds an edited row and a deleted row', { timeout: 60_000 }, async () => {
    const clock = new ManualClock(new Date('2026-06-02T00:00:00Z'));
    await recordReads(clock, 5);
    const intact = await verifyAuditLog(db().pool);
    expect(intact).toMatchObject({ ok: true });
    expect(runCli()).toEqual({ status: 0, result: { ok: true, checked: intact.checked } });

    // The trigger refuses ordinary edits.
    await expect(db().pool.query(`UPDATE audit_log SET reason = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);

    const { rows } = await db().pool.query<{ reason: string }>('SELECT reason FROM audit_log WHERE seq = 2');
    await tamper('UPDATE audit_log SET reason = $1 WHERE seq = 2', ['via proxy']);
    expect(await verifyAuditLog(db().pool)).toMatchObject({ ok: false, brokenSeq: 2, reason: 'hash_mismatch' });
    const edited = runCli();
    expect(edited.status).toBe(1);
    expect(edited.result).toEqual({ ok: false, checked: expect.any(Number), brokenSeq: 2, reason: 'hash_mismatch' });

    await tamper('UPDATE audit_log SET reason = $1 WHERE seq = 2', [rows[0]!.reason]);
    expect(await verifyAuditLog(db().pool)).toMatchObject({ ok: true });

    await tamper('DELETE FROM audit_log WHERE seq = 3', []);
    expect(await verifyAuditLog(db().pool)).toMatchObject({ ok: false, brokenSeq: 4, reason: 'sequence_gap' });
    const deleted = runCli();
    expect(deleted.status).toBe(1);
    expect(deleted.result).toMatchObject({ ok: false, brokenSeq: 4 });
  });
});
