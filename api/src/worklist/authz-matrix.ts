import { CARE_TEAMS } from '../../../db/src/seed-data.ts';
import type { MatrixEntry } from '../http/authz-matrix.ts';

/** Maria's diabetes care team: Priya Patel is a member; Dr. Haddad, admins and patients are not. */
const TEAM = CARE_TEAMS[0].id;
const row = (patientId: string, rest: string) => `/v1/care-teams/${TEAM}/worklist/${patientId}/${rest}`;
const MEMBERS = ['clinician_in_team'] as const;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/care-teams/:teamId/worklist', request: () => ({ path: `/v1/care-teams/${TEAM}/worklist?sort=priority` }), allow: MEMBERS },
  { method: 'POST', path: '/v1/care-teams/:teamId/worklist/:patientId/claim', request: ({ patientId }) => ({ path: row(patientId, 'claim') }), allow: MEMBERS },
  { method: 'DELETE', path: '/v1/care-teams/:teamId/worklist/:patientId/claim', request: ({ patientId }) => ({ path: row(patientId, 'claim') }), allow: MEMBERS },
  { method: 'POST', path: '/v1/care-teams/:teamId/worklist/:patientId/notes', request: ({ patientId }) => ({ path: row(patientId, 'notes'), json: { text: 'matrix: called, no answer' } }), allow: MEMBERS },
  { method: 'POST', path: '/v1/care-teams/:teamId/worklist/:patientId/review', request: ({ patientId }) => ({ path: row(patientId, 'review'), json: {} }), allow: MEMBERS },
];
