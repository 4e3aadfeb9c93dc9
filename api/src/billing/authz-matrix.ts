import { randomUUID } from 'node:crypto';
import { PATIENT_DATA_READERS, type MatrixEntry } from '../http/authz-matrix.ts';

const PAYERS = ['patient', 'proxy_with_scope'] as const;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/patients/:patientId/billing', proxyScope: 'billing', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/billing` }), allow: PATIENT_DATA_READERS },
  // toward a statement that does not exist: allowed principals get 404 (no charge), denied ones 401/403
  {
    method: 'POST',
    path: '/v1/patients/:patientId/payments',
    proxyScope: 'billing',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/payments`, json: { amountCents: 100, token: 'tok_visa', statementId: randomUUID() } }),
    allow: PAYERS,
  },
  // the first allowed principal creates a plan (201), the next finds it active (409)
  { method: 'POST', path: '/v1/patients/:patientId/payment-plans', proxyScope: 'billing', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/payment-plans`, json: { months: 3 } }), allow: PAYERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/financial-assistance',
    proxyScope: 'billing',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/financial-assistance`, json: { householdSize: 2, annualIncomeCents: 3_200_000, reason: 'Reduced hours at work this year.' } }),
    allow: PAYERS,
  },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/financial-assistance/:requestId/status',
    proxyScope: 'billing',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/financial-assistance/${randomUUID()}/status`, json: { status: 'under_review' } }),
    allow: ['clinician_in_team', 'break_glass'],
  },
];
