import { PATIENT_DATA_READERS, type MatrixEntry } from '../http/authz-matrix.ts';

const patientRoute = (path: string, query: string): MatrixEntry => ({
  method: 'GET',
  path: `/v1/patients/:patientId/${path}`,
  proxyScope: 'readings',
  request: ({ patientId }) => ({ path: `/v1/patients/${patientId}/${path}${query}` }),
  allow: PATIENT_DATA_READERS,
});

export const authzMatrix: MatrixEntry[] = [
  patientRoute('readings', '?metric=glucose'),
  patientRoute('trends', '?metric=glucose&bucket=1d'),
  patientRoute('reports/glucose', ''),
  patientRoute('reports/blood-pressure', ''),
  patientRoute('compliance', ''),
  {
    method: 'GET',
    path: '/v1/clinics/compliance',
    request: () => ({ path: '/v1/clinics/compliance?all=true' }),
    // every clinician gets the list of their own care teams' patients (empty for one in no team;
    // breaking the glass for one patient adds nothing to it); administrators get day counts only
    allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'],
  },
];
