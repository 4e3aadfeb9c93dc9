import { randomUUID } from 'node:crypto';
import { CARE_TEAMS } from '../../../db/src/seed-data.ts';
import type { MatrixEntry } from '../http/authz-matrix.ts';
import { DEMO_PROGRAM_ID } from '../worklist/demo-ids.ts';

/** Maria's diabetes care team: Priya Patel is a member; Dr. Haddad (even after breaking the glass) is not. */
const TEAM = CARE_TEAMS[0].id;
const BILLING_TEAM = ['clinician_in_team', 'admin'] as const;
/** Staff of Maria's record: her care team, break-the-glass, the clinic's administrators. */
const RECORD_STAFF = ['clinician_in_team', 'break_glass', 'admin'] as const;
const enrolments = (patientId: string) => `/v1/patients/${patientId}/rpm-enrolments`;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/care-teams/:teamId/rpm-billing', request: () => ({ path: `/v1/care-teams/${TEAM}/rpm-billing?month=2026-05` }), allow: BILLING_TEAM },
  { method: 'GET', path: '/v1/care-teams/:teamId/rpm-billing/csv', request: () => ({ path: `/v1/care-teams/${TEAM}/rpm-billing/csv?month=2026-05` }), allow: BILLING_TEAM },
  {
    method: 'GET',
    path: '/v1/patients/:patientId/rpm-billing',
    proxyScope: 'billing',
    request: ({ patientId }) => ({ path: `/v1/patients/${patientId}/rpm-billing?month=2026-05` }),
    // the clinic's administrators are its billing staff; a clinician who broke the glass reaches the patient's record
    allow: RECORD_STAFF,
  },
  { method: 'GET', path: '/v1/rpm-billing/rule-sets', request: () => ({ path: '/v1/rpm-billing/rule-sets' }), allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'] },
  { method: 'GET', path: '/v1/patients/:patientId/rpm-enrolments', request: ({ patientId }) => ({ path: enrolments(patientId) }), allow: RECORD_STAFF },
  // Maria is enrolled already (demo seed): allowed principals get 409 for the overlap, after the access check
  { method: 'POST', path: '/v1/patients/:patientId/rpm-enrolments', request: ({ patientId }) => ({ path: enrolments(patientId), json: { programId: DEMO_PROGRAM_ID, careTeamId: TEAM } }), allow: RECORD_STAFF },
  // no such enrolment: allowed principals get 404 after the access check
  { method: 'POST', path: '/v1/patients/:patientId/rpm-enrolments/:enrolmentId/setup', request: ({ patientId }) => ({ path: `${enrolments(patientId)}/${randomUUID()}/setup`, json: {} }), allow: RECORD_STAFF },
  { method: 'POST', path: '/v1/patients/:patientId/rpm-enrolments/:enrolmentId/end', request: ({ patientId }) => ({ path: `${enrolments(patientId)}/${randomUUID()}/end`, json: {} }), allow: RECORD_STAFF },
];
