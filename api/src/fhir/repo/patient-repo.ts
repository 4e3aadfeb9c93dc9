import type pg from 'pg';
import type { UserPrincipal } from '../../auth/principal.ts';
import type { PatientRow } from '../resources/patient.ts';
import type { ParsedSearch } from '../search/search-request.ts';
import { SYSTEMS } from '../terminology.ts';
import { keysetPage } from './keyset-page.ts';
import { SqlParams } from './sql-params.ts';

const PATIENT_SELECT = `SELECT p.id, p.mrn, p.given_name, p.family_name, p.birth_date::text AS birth_date, p.sex, p.email, p.phone, c.name AS clinic_name
  FROM patients p JOIN clinics c ON c.id = p.clinic_id`;

export async function readPatient(db: pg.Pool, id: string): Promise<PatientRow | null> {
  const { rows } = await db.query<PatientRow>(`${PATIENT_SELECT} WHERE p.id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * The patients a user is related to, as candidates for a Patient search: themselves, the patients
 * of their live proxy grants, of their care teams (clinicians), and of their live break-the-glass
 * grants. Only a pre-filter: the route still runs every patient on the page through guardPatient,
 * which decides and audits.
 */
export async function searchRelatedPatients(db: pg.Pool, q: { user: UserPrincipal; search: ParsedSearch; after: { at: string; id: string } | null; limit: number; now: Date }) {
  const p = new SqlParams();
  const user = p.add(q.user.userId);
  const now = p.add(q.now);
  const related = `(p.id = ${p.add(q.user.patientId)}
    OR EXISTS (SELECT 1 FROM proxy_grants g WHERE g.proxy_user_id = ${user} AND g.patient_id = p.id AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > ${now}))
    OR (${p.add(q.user.role)} = 'clinician' AND EXISTS (SELECT 1 FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id WHERE m.user_id = ${user} AND tp.patient_id = p.id))
    OR EXISTS (SELECT 1 FROM break_glass b WHERE b.clinician_id = ${user} AND b.patient_id = p.id AND b.expires_at > ${now}))`;
  const ids = (q.search.tokens.get('_id') ?? []).map((alternatives) => `p.id::text = ANY(${p.add(alternatives.map((t) => t.code ?? ''))}::text[])`);
  // identifier: the MRN is the only identifier a Patient has here
  const mrn = (q.search.tokens.get('identifier') ?? []).map((alternatives) => {
    const mrns = alternatives.filter((t) => t.system === undefined || t.system === SYSTEMS.mrn).map((t) => t.code);
    return `p.mrn = ANY(${p.add(mrns)}::text[])`;
  });
  return keysetPage<PatientRow>(db, {
    select: PATIENT_SELECT,
    where: [related, ...ids, ...mrn].join(' AND '),
    params: p,
    at: { column: 'p.id::text', type: 'text', text: 'p.id::text' },
    id: 'p.id',
    order: 'asc',
    after: q.after,
    limit: q.limit,
    withTotal: q.search.withTotal,
  });
}
