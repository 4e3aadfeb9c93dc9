import type { MatrixEntry } from '../http/authz-matrix.ts';

export const authzMatrix: MatrixEntry[] = [
  // "who viewed my record" is the patient's alone: not proxies, not staff, not break-the-glass
  { method: 'GET', path: '/v1/patients/:patientId/access-log', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/access-log` }), allow: ['patient'] },
];
