/**
 * Authorization matrix entries. Every feature folder exports `authzMatrix: MatrixEntry[]` from its
 * `authz-matrix.ts`, one entry per route it mounts; test/authz-matrix.int.test.ts collects them,
 * fails for any route of the app without an entry, and runs each route as every principal below.
 */
export const MATRIX_PRINCIPALS = [
  'anonymous',
  /** Maria Garcia (the subject patient in every request) */
  'patient',
  /** James Wilson, another patient */
  'other_patient',
  /** a proxy of Maria holding the route's scope */
  'proxy_with_scope',
  /** a proxy of Maria without the route's scope */
  'proxy_without_scope',
  /** a proxy of Maria whose grant has expired */
  'proxy_expired',
  /** Priya Patel, in Maria's care teams */
  'clinician_in_team',
  /** Omar Haddad, in no care team */
  'clinician_out_of_team',
  /** Omar Haddad after breaking the glass for Maria */
  'break_glass',
  'admin',
] as const;
export type MatrixPrincipal = (typeof MATRIX_PRINCIPALS)[number];

export interface MatrixContext {
  /** Maria Garcia's patient id: the subject of patient-scoped requests. */
  patientId: string;
  /** The signed-in user's own id (for routes about oneself). */
  userId: string;
}

export interface MatrixEntry {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route's path pattern exactly as mounted, e.g. `/v1/patients/:patientId/readings`. */
  path: string;
  /** The proxy scope that `proxy_with_scope` holds (and `proxy_without_scope` lacks). */
  proxyScope?: 'results' | 'messages' | 'appointments' | 'billing' | 'readings' | 'medications';
  /** A concrete request for this route (valid input, so an allowed principal does not get 400). */
  request: (ctx: MatrixContext) => { path: string; json?: unknown };
  /** Principals that must be allowed; every other one must get 401 (anonymous) or 403/404. */
  allow: readonly MatrixPrincipal[];
}

export const EVERYONE_SIGNED_IN: readonly MatrixPrincipal[] = MATRIX_PRINCIPALS.filter((p) => p !== 'anonymous');
export const PUBLIC: readonly MatrixPrincipal[] = MATRIX_PRINCIPALS;
/** Who may read a patient's data in a given proxy scope. */
export const PATIENT_DATA_READERS: readonly MatrixPrincipal[] = ['patient', 'proxy_with_scope', 'clinician_in_team', 'break_glass'];
