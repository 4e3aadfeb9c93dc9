/**
 * The demo clinic: used by `npm start`, the README's demo logins and the tests. Ids are fixed so
 * the seed is idempotent and tests can name rows. Secrets here are demo-only and documented.
 */
export const DEMO_PASSWORD = 'vitals-demo-2026';
/** Base32 TOTP secret shared by the demo clinicians and admin (MFA is mandatory for them). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export const CLINIC = { id: '00000000-0000-4000-8000-000000000001', name: 'Riverside Family Clinic', timezone: 'America/New_York' };

export const CARE_TEAMS = [
  { id: '00000000-0000-4000-8000-0000000000a1', name: 'Diabetes care team' },
  { id: '00000000-0000-4000-8000-0000000000a2', name: 'Hypertension care team' },
] as const;

export type SeedUser = {
  id: string;
  email: string;
  displayName: string;
  role: 'patient' | 'proxy' | 'clinician' | 'admin';
  patientId?: string;
  teams?: Array<{ teamId: string; memberRole: string; tier: number }>;
  mfa?: boolean;
};

export const PATIENTS = [
  { id: '00000000-0000-4000-8000-000000000101', mrn: 'MRN-100001', given: 'Maria', family: 'Garcia', birthDate: '1961-04-12', sex: 'female', email: 'maria@demo.vitals', teams: ['a1', 'a2'], conditions: ['type2_diabetes', 'hypertension'] },
  { id: '00000000-0000-4000-8000-000000000102', mrn: 'MRN-100002', given: 'James', family: 'Wilson', birthDate: '1955-09-30', sex: 'male', email: 'james@demo.vitals', teams: ['a2'], conditions: ['hypertension', 'heart_failure'] },
  { id: '00000000-0000-4000-8000-000000000103', mrn: 'MRN-100003', given: 'Aiko', family: 'Tanaka', birthDate: '1990-01-22', sex: 'female', email: 'aiko@demo.vitals', teams: ['a1'], conditions: ['type1_diabetes'] },
  { id: '00000000-0000-4000-8000-000000000104', mrn: 'MRN-100004', given: 'Samuel', family: 'Okafor', birthDate: '1972-06-05', sex: 'male', email: 'samuel@demo.vitals', teams: ['a1', 'a2'], conditions: ['type2_diabetes'] },
  { id: '00000000-0000-4000-8000-000000000105', mrn: 'MRN-100005', given: 'Lena', family: 'Schmidt', birthDate: '2010-11-02', sex: 'female', email: null, teams: ['a1'], conditions: ['type1_diabetes'] },
] as const;

const team = (suffix: string) => `00000000-0000-4000-8000-0000000000${suffix}`;

export const USERS: SeedUser[] = [
  { id: '00000000-0000-4000-8000-000000000201', email: 'dr.chen@demo.vitals', displayName: 'Dr. Wei Chen', role: 'clinician', mfa: true, teams: [{ teamId: team('a1'), memberRole: 'physician', tier: 2 }] },
  { id: '00000000-0000-4000-8000-000000000202', email: 'nurse.patel@demo.vitals', displayName: 'Priya Patel, RN', role: 'clinician', mfa: true, teams: [{ teamId: team('a1'), memberRole: 'nurse', tier: 1 }, { teamId: team('a2'), memberRole: 'nurse', tier: 1 }] },
  { id: '00000000-0000-4000-8000-000000000203', email: 'dr.johnson@demo.vitals', displayName: 'Dr. Alicia Johnson', role: 'clinician', mfa: true, teams: [{ teamId: team('a2'), memberRole: 'physician', tier: 2 }] },
  { id: '00000000-0000-4000-8000-000000000204', email: 'dr.outside@demo.vitals', displayName: 'Dr. Omar Haddad (no care team)', role: 'clinician', mfa: true, teams: [] },
  { id: '00000000-0000-4000-8000-000000000209', email: 'admin@demo.vitals', displayName: 'Clinic Administrator', role: 'admin', mfa: true },
  ...PATIENTS.filter((p) => p.email).map((p, i) => ({ id: `00000000-0000-4000-8000-00000000030${i + 1}`, email: p.email!, displayName: `${p.given} ${p.family}`, role: 'patient' as const, patientId: p.id })),
  { id: '00000000-0000-4000-8000-000000000401', email: 'anna.schmidt@demo.vitals', displayName: 'Anna Schmidt (parent of Lena)', role: 'proxy' },
];

/** Demo gateways, one per home; tokens are demo-only and documented in the README. */
export const GATEWAYS = [
  { id: 'gw-demo-1', label: 'Garcia home', token: 'demo-gateway-token-0001', patientId: PATIENTS[0].id },
  { id: 'gw-demo-2', label: 'Wilson home', token: 'demo-gateway-token-0002', patientId: PATIENTS[1].id },
  { id: 'gw-demo-3', label: 'Tanaka home', token: 'demo-gateway-token-0003', patientId: PATIENTS[2].id },
] as const;

export type SeedDevice = { id: string; key: string; type: 'glucose_meter' | 'cgm' | 'bp_cuff' | 'pulse_oximeter' | 'scale' | 'thermometer' | 'heart_rate'; manufacturer: string; model: string; serial: string; bleAddress: string; gatewayId: string; patientId: string };

export const DEVICES: SeedDevice[] = [
  { id: '00000000-0000-4000-8000-000000000501', key: 'GM-0001', type: 'glucose_meter', manufacturer: 'Acme Medical', model: 'GlucoCheck 2', serial: 'GM-0001', bleAddress: 'C0:DE:00:00:00:01', gatewayId: 'gw-demo-1', patientId: PATIENTS[0].id },
  { id: '00000000-0000-4000-8000-000000000502', key: 'BP-0001', type: 'bp_cuff', manufacturer: 'Acme Medical', model: 'PressureWise', serial: 'BP-0001', bleAddress: 'C0:DE:00:00:00:02', gatewayId: 'gw-demo-1', patientId: PATIENTS[0].id },
  { id: '00000000-0000-4000-8000-000000000503', key: 'BP-0002', type: 'bp_cuff', manufacturer: 'Acme Medical', model: 'PressureWise', serial: 'BP-0002', bleAddress: 'C0:DE:00:00:00:03', gatewayId: 'gw-demo-2', patientId: PATIENTS[1].id },
  { id: '00000000-0000-4000-8000-000000000504', key: 'SC-0001', type: 'scale', manufacturer: 'Acme Medical', model: 'WeighRight', serial: 'SC-0001', bleAddress: 'C0:DE:00:00:00:04', gatewayId: 'gw-demo-2', patientId: PATIENTS[1].id },
  { id: '00000000-0000-4000-8000-000000000505', key: 'CGM-0001', type: 'cgm', manufacturer: 'Acme Medical', model: 'FlowSense CGM', serial: 'CGM-0001', bleAddress: 'C0:DE:00:00:00:05', gatewayId: 'gw-demo-3', patientId: PATIENTS[2].id },
  { id: '00000000-0000-4000-8000-000000000506', key: 'OX-0001', type: 'pulse_oximeter', manufacturer: 'Acme Medical', model: 'OxiClip', serial: 'OX-0001', bleAddress: 'C0:DE:00:00:00:06', gatewayId: 'gw-demo-2', patientId: PATIENTS[1].id },
];

/** Devices are assigned from this instant, so simulated history up to a year back maps to patients. */
export const ASSIGNED_FROM = '2025-01-01T00:00:00Z';
