import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CARE_TEAMS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { AIKO, AIKO_CGM, HOUR, insertReadings, MARIA, MARIA_METER } from '../trends/testing/readings-fixtures.ts';
import { localCalendar } from '../trends/stats/time-zone.ts';
import { DEMO_PROGRAM_ID } from '../worklist/demo-ids.ts';
import { loadRuleSets } from './report-repo.ts';
import { CMS_2021, CMS_2026 } from './testing/rule-set-fixtures.ts';

const db = useTestDb();
const TEAM = CARE_TEAMS[0].id;
let h: Harness;
const report = (query: string, as = 'admin@demo.vitals') => h.request(`/v1/care-teams/${TEAM}/rpm-billing${query}`, { as });
const mayDates = (from: number, n: number) => Array.from({ length: n }, (_, i) => `2026-05-${String(from + i).padStart(2, '0')}`);

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { clock: new ManualClock(new Date('2026-06-03T15:00:00Z')) });
  // Maria (New York): one meter reading on 16 days of May. Aiko (Los Angeles): 16 evenings at 22:00,
  // the last one on 31 May local — already 1 June in UTC and in the clinic's zone
  const ny = localCalendar('America/New_York');
  await insertReadings(db().pool, MARIA, MARIA_METER, mayDates(10, 16).map((d) => ({ t: ny.startOfDay(d) + 9 * HOUR, v: 130 })));
  await db().pool.query(`UPDATE patients SET timezone = 'America/Los_Angeles' WHERE id = $1`, [AIKO]);
  const la = localCalendar('America/Los_Angeles');
  await insertReadings(db().pool, AIKO, AIKO_CGM, mayDates(16, 16).map((d) => ({ t: la.startOfDay(d) + 22 * HOUR, v: 140 })));
});

describe('RPM billing report', () => {
  it('stores exactly the rule sets the pure tests use', async () => {
    expect((await loadRuleSets(db().pool)).map(({ version, effectiveFrom, rules }) => ({ version, effectiveFrom, rules }))).toEqual(
      [CMS_2021, CMS_2026].map(({ version, effectiveFrom, rules }) => ({ version, effectiveFrom, rules })),
    );
    await expect(db().pool.query(`UPDATE rpm_billing_rule_sets SET source = 'x'`)).rejects.toThrow(/append-only/);
  });

  it('gives each enrolment of the team its codes and evidence for the month', async () => {
    const r = await report('?month=2026-05');
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.rulesVersion).toBe('cms-rpm-2026');
    const byName = Object.fromEntries(body.patients.map((p: { givenName: string }) => [p.givenName, p]));
    expect(Object.keys(byName).sort()).toEqual(['Aiko', 'Maria']); // James belongs to the other team's programme
    const maria = byName.Maria;
    expect(maria.lines.map((l: { code: string; units: number }) => `${l.code}×${l.units}`)).toEqual(['99454×1', '99453×1', '99457×1']);
    expect(maria.lines[0]).toMatchObject({ final: true, rulesVersion: 'cms-rpm-2026', evidence: { periodStart: '2026-05-01', periodEnd: '2026-05-31', daysWithReadings: 16 } });
    expect(maria.lines[1].evidence.setupCompletedOn).toBe('2026-01-05');
    expect(maria.lines[2].evidence).toMatchObject({ minutes: 29, timeEntries: 3, interactiveCommunications: [{ channel: 'phone', seconds: 420 }] });
    // Aiko: 16 Los Angeles days (the 31st included), but no device set-up recorded and no time logged
    const aiko = byName.Aiko;
    expect(aiko.lines.map((l: { code: string }) => l.code)).toEqual(['99454']);
    expect(aiko.lines[0].evidence.dates.at(-1)).toBe('2026-05-31');
    expect(aiko.unmet.map((u: { code: string }) => u.code)).toEqual(['99453', '99457']);
  });

  it('exports CSV per RFC 4180 for the billing team', async () => {
    const r = await h.request(`/v1/care-teams/${TEAM}/rpm-billing/csv?month=2026-05`, { as: 'nurse.patel@demo.vitals' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="rpm-billing-2026-05.csv"');
    const lines = (await r.text()).split('\r\n');
    expect(lines[0]).toBe('month,patient_id,mrn,family_name,given_name,time_zone,enrolment_id,code,units,kind,final,rules_version,period_start,period_end,days_with_readings,minutes,interactive_communications,setup_completed_on');
    expect(lines.filter((l) => l.includes(',99457,'))).toEqual([expect.stringMatching(/^2026-05,.*,MRN-100001,Garcia,Maria,America\/New_York,.*,99457,1,management,true,cms-rpm-2026,,,,29,1,$/)]);
    expect(lines).toHaveLength(1 + 4 + 1); // header, four codes, and the empty string after the last CRLF
  });

  it('records the rule version a programme pins, and audits every patient in a report', async () => {
    await db().pool.query(`UPDATE rpm_programs SET rules_version = 'cms-rpm-2021' WHERE id = $1`, [DEMO_PROGRAM_ID]);
    const body = await (await report('?month=2026-05')).json();
    expect(body.patients.flatMap((p: { lines: Array<{ rulesVersion: string }> }) => p.lines.map((l) => l.rulesVersion))).toEqual(['cms-rpm-2021', 'cms-rpm-2021', 'cms-rpm-2021', 'cms-rpm-2021']);
    await db().pool.query(`UPDATE rpm_programs SET rules_version = NULL WHERE id = $1`, [DEMO_PROGRAM_ID]);
    const { rows } = await db().pool.query(`SELECT patient_id, reason FROM audit_log WHERE action = 'rpm-billing.report' ORDER BY seq DESC LIMIT 2`);
    expect(rows.map((x) => x.patient_id).sort()).toEqual([MARIA, AIKO].sort());
    expect(rows[0].reason).toBe('billing: clinic RPM billing report, rules cms-rpm-2026');
  });

  it('shows one patient’s month to their clinicians and the clinic’s administrators', async () => {
    const mine = await (await h.request(`/v1/patients/${MARIA}/rpm-billing?month=2026-05`, { as: 'nurse.patel@demo.vitals' })).json();
    expect(mine.patients[0].lines.map((l: { code: string }) => l.code)).toEqual(['99454', '99453', '99457']);
    expect((await h.request(`/v1/patients/${MARIA}/rpm-billing?month=2026-05`, { as: 'admin@demo.vitals' })).status).toBe(200);
    expect((await h.request(`/v1/patients/${MARIA}/rpm-billing?month=2026-05`, { as: 'dr.outside@demo.vitals' })).status).toBe(403);
    expect((await h.request(`/v1/patients/${MARIA}/rpm-billing?month=2026-05`, { as: 'maria@demo.vitals' })).status).toBe(403);
  });

  it('keeps other teams out and lists the rule sets', async () => {
    expect((await report('?month=2026-05', 'dr.johnson@demo.vitals')).status).toBe(403);
    expect((await report('?month=2026-13')).status).toBe(400);
    const sets = await (await h.request('/v1/rpm-billing/rule-sets', { as: 'dr.outside@demo.vitals' })).json();
    expect(sets.ruleSets.map((s: { version: string }) => s.version)).toEqual(['cms-rpm-2021', 'cms-rpm-2026']);
  });

  it('enrols a patient, records device set-up (99453) and ends the episode', async () => {
    const SAMUEL = '00000000-0000-4000-8000-000000000104';
    const path = `/v1/patients/${SAMUEL}/rpm-enrolments`;
    const created = await h.request(path, { json: { programId: DEMO_PROGRAM_ID, careTeamId: TEAM, startedAt: '2026-06-01T14:00:00Z' }, as: 'nurse.patel@demo.vitals' });
    expect(created.status).toBe(201);
    const e = await created.json();
    expect((await h.request(path, { json: { programId: DEMO_PROGRAM_ID, careTeamId: TEAM }, as: 'nurse.patel@demo.vitals' })).status).toBe(409);
    const setup = await h.request(`${path}/${e.id}/setup`, { json: { completedAt: '2026-06-01T14:30:00Z' }, as: 'nurse.patel@demo.vitals' });
    expect(await setup.json()).toMatchObject({ setupCompletedAt: '2026-06-01T14:30:00.000Z', setupBy: '00000000-0000-4000-8000-000000000202' });
    expect((await h.request(`${path}/${e.id}/end`, { json: { endedAt: '2026-05-01T00:00:00Z' }, as: 'nurse.patel@demo.vitals' })).status).toBe(400);
    expect(await (await h.request(`${path}/${e.id}/end`, { json: {}, as: 'nurse.patel@demo.vitals' })).json()).toMatchObject({ endedAt: '2026-06-03T15:00:00.000Z' });
    // the next episode may start when the last one ended, with the other team (Samuel is in both)
    expect((await h.request(path, { json: { programId: DEMO_PROGRAM_ID, careTeamId: CARE_TEAMS[1].id }, as: 'admin@demo.vitals' })).status).toBe(201);
    const list = await (await h.request(path, { as: 'admin@demo.vitals' })).json();
    expect(list.enrolments.map((x: { id: string }) => x.id)).toContain(e.id);
    expect((await h.request(`/v1/patients/00000000-0000-4000-8000-000000000105/rpm-enrolments`, { json: { programId: DEMO_PROGRAM_ID, careTeamId: CARE_TEAMS[1].id }, as: 'nurse.patel@demo.vitals' })).status).toBe(400); // Lena is not in the hypertension team
    expect((await h.request(path, { as: 'dr.outside@demo.vitals' })).status).toBe(403);
  });
});
