import { randomBytes, randomUUID } from 'node:crypto';
import { EVERYONE_SIGNED_IN, type MatrixEntry, type MatrixPrincipal } from '../http/authz-matrix.ts';
import { BP_TECHNIQUE } from './demo-forms.ts';
import { DEMO_QUESTIONNAIRE_IDS, VALID_BP_CHECK } from './demo-seed.ts';

// Forms and consents are part of the record: any active proxy may read and act in them.
const RECORD_ACTORS: readonly MatrixPrincipal[] = ['patient', 'proxy_with_scope', 'proxy_without_scope'];
const RECORD_READERS: readonly MatrixPrincipal[] = [...RECORD_ACTORS, 'clinician_in_team', 'break_glass'];

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/questionnaires', request: () => ({ path: '/v1/questionnaires' }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/questionnaires/:questionnaireId', request: () => ({ path: `/v1/questionnaires/${DEMO_QUESTIONNAIRE_IDS.bpTechnique}` }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/questionnaires', request: () => ({ path: '/v1/questionnaires', json: { questionnaire: { ...BP_TECHNIQUE, version: `matrix-${randomBytes(4).toString('hex')}` } } }), allow: ['admin'] },
  { method: 'GET', path: '/v1/patients/:patientId/questionnaire-responses', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/questionnaire-responses` }), allow: RECORD_READERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/questionnaire-responses',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/questionnaire-responses`, json: { questionnaireId: DEMO_QUESTIONNAIRE_IDS.bpTechnique, item: VALID_BP_CHECK } }),
    allow: RECORD_ACTORS,
  },
  { method: 'GET', path: '/v1/patients/:patientId/consents', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/consents` }), allow: RECORD_READERS },
  // unknown document / consent: allowed principals get 404, denied ones 401/403
  { method: 'POST', path: '/v1/patients/:patientId/consents', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/consents`, json: { documentId: randomUUID() } }), allow: RECORD_ACTORS },
  { method: 'POST', path: '/v1/patients/:patientId/consents/:consentId/revoke', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/consents/${randomUUID()}/revoke`, json: {} }), allow: RECORD_ACTORS },
];
