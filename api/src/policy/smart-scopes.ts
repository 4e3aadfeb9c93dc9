import type { PatientScope } from './patient-access.ts';

/**
 * SMART App Launch v1 scopes (`patient/<ResourceType>.read`, `user/<ResourceType>.read`, and the
 * `*` wildcard) for third-party apps holding an API token. Each FHIR resource type reads one or
 * more parts of the record, so a scope here grants read of those data scopes and nothing else.
 *
 * API tokens carry no launch context, so `patient/` and `user/` grant the same: the token's user
 * still reaches only the patients the policy lets them reach (their own record, their proxy
 * grants, their care teams). See docs/fhir.md#scopes.
 *
 * @see https://hl7.org/fhir/smart-app-launch/1.0.0/scopes-and-launch-context/
 */
export const SMART_RESOURCE_SCOPES = {
  Observation: ['readings', 'results'],
  DiagnosticReport: ['results'],
  Appointment: ['appointments'],
  Device: ['record'],
  Patient: ['record'],
} as const satisfies Record<string, readonly PatientScope[]>;

export type SmartResourceType = keyof typeof SMART_RESOURCE_SCOPES;

/** Every SMART scope this server understands, for token issuing and the CapabilityStatement. */
export const SMART_SCOPES: readonly string[] = ['patient', 'user'].flatMap((ctx) => ['*', ...Object.keys(SMART_RESOURCE_SCOPES)].map((type) => `${ctx}/${type}.read`));

const SMART_READ = /^(?:patient|user)\/(\*|[A-Za-z]+)\.read$/;

/** Whether any SMART scope among `scopes` grants reading `scope` (SMART scopes never grant writes). */
export function smartScopesGrant(scopes: ReadonlySet<string>, scope: PatientScope): boolean {
  for (const s of scopes) {
    const type = SMART_READ.exec(s)?.[1];
    if (type === undefined) continue;
    const grants: readonly PatientScope[] = type === '*' ? Object.values(SMART_RESOURCE_SCOPES).flat() : (SMART_RESOURCE_SCOPES[type as SmartResourceType] ?? []);
    if (grants.includes(scope)) return true;
  }
  return false;
}
