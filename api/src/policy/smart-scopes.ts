import type { Role } from '../auth/principal.ts';
import type { PatientScope } from './patient-access.ts';

/**
 * SMART App Launch scopes, v1 (`patient/<ResourceType>.read`, `user/<ResourceType>.read`, the `*`
 * wildcard) and v2 (`patient/Observation.rs`), for third-party apps holding an API token. Each
 * FHIR resource type reads one or more parts of the record, so a scope here grants read of those
 * data scopes and nothing else; the FHIR routes also check the type itself (smartScopesAllow).
 *
 * API tokens carry no launch context: which of the two prefixes a user may grant follows their
 * role (grantSmartScopes), and at request time the token's user still reaches only the patients
 * the policy lets them reach (their own record, their proxy grants, their care teams). See
 * docs/fhir.md#access-and-scopes.
 *
 * @see https://hl7.org/fhir/smart-app-launch/1.0.0/scopes-and-launch-context/
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html (v2)
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

/** What a parsed SMART scope allows. This server only reads, so `write` is known but never granted. */
export interface SmartScope {
  context: SmartContext;
  type: SmartResourceType | '*';
  read: boolean;
  search: boolean;
  write: boolean;
}

/** `patient/` scopes are about one patient (the token user's own record, or one they act for); `user/` about whoever the user may reach. */
export type SmartContext = 'patient' | 'user';
export type SmartInteraction = 'read' | 'search';

/**
 * v1 `<context>/<Type>.read|write|*` and v2 `<context>/<Type>.<c?r?u?d?s?>` (permissions in
 * that order). v2 query parameters (`?category=…`) and `system/` scopes are not supported.
 */
const SMART_SYNTAX = /^([a-z]+)\/(\*|[A-Za-z]+)\.([a-z*]+)$/;
const V2_PERMISSIONS = /^c?r?u?d?s?$/;

/**
 * Parse a SMART scope; `why` says what is wrong with one this server does not understand (shown
 * to the client as an `invalid_scope` error, so it never echoes more than the scope itself).
 */
export function parseSmartScope(scope: string): { ok: true; scope: SmartScope } | { ok: false; why: string } {
  if (scope.includes('?')) return { ok: false, why: `${scope}: SMART v2 scope parameters are not supported` };
  const m = SMART_SYNTAX.exec(scope);
  if (!m) return { ok: false, why: `${scope}: not a scope of this server (<scope>:read|write, patient/<Type>.read, patient/<Type>.rs, user/…)` };
  const [, context, type, perms] = m as unknown as [string, string, string, string];
  if (context !== 'patient' && context !== 'user') return { ok: false, why: `${scope}: only patient/ and user/ SMART scopes are issued` };
  if (type !== '*' && !Object.hasOwn(SMART_RESOURCE_SCOPES, type)) return { ok: false, why: `${scope}: ${type} is not a resource type of this server (${Object.keys(SMART_RESOURCE_SCOPES).join(', ')})` };
  const base = { context: context as SmartContext, type: type as SmartResourceType | '*' };
  if (perms === 'read') return { ok: true, scope: { ...base, read: true, search: true, write: false } };
  if (perms === 'write') return { ok: true, scope: { ...base, read: false, search: false, write: true } };
  if (perms === '*') return { ok: true, scope: { ...base, read: true, search: true, write: true } };
  if (!V2_PERMISSIONS.test(perms)) return { ok: false, why: `${scope}: permissions must be read, write, * or SMART v2 c, r, u, d, s in that order` };
  return { ok: true, scope: { ...base, read: perms.includes('r'), search: perms.includes('s'), write: /[cud]/.test(perms) } };
}

const parsedSmart = (s: string): SmartScope | null => {
  const r = parseSmartScope(s);
  return r.ok ? r.scope : null;
};

/** The data scopes a resource type (or `*`) reads. */
const dataScopesOf = (type: SmartResourceType | '*'): readonly PatientScope[] => (type === '*' ? Object.values(SMART_RESOURCE_SCOPES).flat() : SMART_RESOURCE_SCOPES[type]);

/** Whether any SMART scope among `scopes` grants reading `scope` (SMART scopes never grant writes). */
export function smartScopesGrant(scopes: ReadonlySet<string>, scope: PatientScope): boolean {
  for (const s of scopes) {
    const p = parsedSmart(s);
    if (p && (p.read || p.search) && dataScopesOf(p.type).includes(scope)) return true;
  }
  return false;
}

/** Whether `scopes` holds any SMART scope: such a token reaches only the FHIR types its SMART scopes name. */
export function hasSmartScopes(scopes: ReadonlySet<string>): boolean {
  for (const s of scopes) if (parsedSmart(s)) return true;
  return false;
}

/**
 * Whether the SMART scopes among `scopes` allow `interaction` on FHIR resource `type`. Data
 * scopes alone are too coarse for FHIR (`Observation` and `DiagnosticReport` both read results),
 * so the FHIR routes check the type too.
 */
export function smartScopesAllow(scopes: ReadonlySet<string>, type: string, interaction: SmartInteraction): boolean {
  for (const s of scopes) {
    const p = parsedSmart(s);
    if (p && (p.type === '*' || p.type === type) && p[interaction]) return true;
  }
  return false;
}

/** Who grants a token's scopes: their role and, for a proxy, the data scopes of each active grant. */
export interface SmartGrantor {
  role: Role;
  proxyGrants?: readonly (readonly PatientScope[])[];
}

export interface SmartGrant {
  /** The scopes granted, in the form stored with the token (reads only). */
  granted: string[];
  /** Requested scopes left out, and why. */
  refused: Array<{ scope: string; why: string }>;
}

/**
 * The intersection of the SMART scopes requested and what the grantor may grant (OAuth 2.0
 * RFC 6749 §3.3: the server may issue fewer scopes than asked, and says which in `scope`).
 * Reads only: write permissions are dropped (`.cruds` becomes `.rs`, `.*` becomes `.read`). A
 * patient grants `patient/` scopes (their own record); a proxy `patient/` scopes for types some
 * active grant of theirs covers (`*` narrows to those types); clinicians and admins `user/`
 * scopes (they have no record of their own, and a token carries no patient context).
 */
export function grantSmartScopes(requested: readonly string[], grantor: SmartGrantor): SmartGrant {
  const granted = new Set<string>();
  const refused: SmartGrant['refused'] = [];
  for (const raw of requested) {
    const p = parsedSmart(raw);
    if (!p) {
      refused.push({ scope: raw, why: 'not a SMART scope of this server' });
      continue;
    }
    if (!p.read && !p.search) {
      refused.push({ scope: raw, why: 'this server grants reads only' });
      continue;
    }
    const context: SmartContext = grantor.role === 'patient' || grantor.role === 'proxy' ? 'patient' : 'user';
    if (p.context !== context) {
      refused.push({ scope: raw, why: context === 'patient' ? 'a patient or proxy grants patient/ scopes only' : 'staff grant user/ scopes only (a token carries no patient context)' });
      continue;
    }
    const types = grantableTypes(p.type, grantor);
    if (types.length === 0) {
      refused.push({ scope: raw, why: 'no active proxy grant covers this resource type' });
      continue;
    }
    const perms = raw.endsWith('.read') || raw.endsWith('.*') ? 'read' : `${p.read ? 'r' : ''}${p.search ? 's' : ''}`;
    for (const t of types) granted.add(`${p.context}/${t}.${perms}`);
  }
  return { granted: [...granted], refused };
}

/** The types of `type` the grantor may grant: `*` stays `*` when every type is grantable. */
function grantableTypes(type: SmartResourceType | '*', grantor: SmartGrantor): Array<SmartResourceType | '*'> {
  if (grantor.role !== 'proxy') return [type];
  const grants = grantor.proxyGrants ?? [];
  // `record` (demographics, devices) is open to any active proxy, as decidePatientAccess decides
  const covers = (t: SmartResourceType) => grants.some((g) => SMART_RESOURCE_SCOPES[t].some((d) => d === 'record' || g.includes(d)));
  if (type !== '*') return covers(type) ? [type] : [];
  const all = Object.keys(SMART_RESOURCE_SCOPES) as SmartResourceType[];
  const ok = all.filter(covers);
  return ok.length === all.length ? ['*'] : ok;
}
