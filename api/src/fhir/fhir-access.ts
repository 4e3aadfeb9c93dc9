/**
 * How FHIR requests reach the access policy. Every read goes through guardPatient (which decides
 * and writes the audit entry, denials included); these helpers only choose the patient and let a
 * search that spans several parts of the record leave out the parts the caller may not read.
 */
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError, ValidationError } from '../../../common/src/errors/index.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import type { PatientScope } from '../policy/patient-access.ts';
import { guardPatient, type AllowedAccess } from '../policy/patient-guard.ts';
import { hasSmartScopes, smartScopesAllow, type SmartInteraction } from '../policy/smart-scopes.ts';
import type { ParsedSearch } from './search/search-request.ts';

export interface FhirRouteDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** The public origin, for absolute fullUrls and links. */
  publicUrl: string;
}

/**
 * The patient a search is about: its `patient`/`subject` parameter, or for a signed-in patient
 * their own record. Null when the parameter names no patient of this server (matches nothing).
 * @throws ValidationError when no patient is named and the caller is not a patient
 */
export function searchSubject(c: Context<AppEnv>, s: ParsedSearch): string | null {
  if (s.patient !== undefined) return s.patient;
  const p = userOf(c);
  if (p.role === 'patient' && p.patientId) return p.patientId;
  throw new ValidationError('name the patient of the search', [{ path: 'patient', message: 'patient=<id> is required (searches are per patient)' }]);
}

/**
 * Whether the caller may `interaction` FHIR resources of `type` as far as its token goes: a token
 * holding SMART scopes reaches only the types they name (`patient/Observation.read` reads
 * Observations, not DiagnosticReports, though both hold results); sessions and tokens with only
 * platform scopes are left to the data scopes that guardPatient checks. docs/fhir.md#access-and-scopes
 */
export function smartAllows(c: Context<AppEnv>, type: string, interaction: SmartInteraction): boolean {
  const p = userOf(c);
  return p.scopes === 'all' || !hasSmartScopes(p.scopes) || smartScopesAllow(p.scopes, type, interaction);
}

/** @throws ForbiddenError (a 403 OperationOutcome) when the token's SMART scopes do not cover `type` */
export function requireSmartScope(c: Context<AppEnv>, type: string, interaction: SmartInteraction): void {
  if (!smartAllows(c, type, interaction)) throw new ForbiddenError(`the token's SMART scopes do not allow ${interaction} on ${type} (e.g. patient/${type}.${interaction === 'read' ? 'r' : 's'})`);
}

/** The audit entry of a FHIR interaction: `fhir.<Type>.<interaction>` on `fhir/<Type>[/id]`. */
export const fhirAudit = (type: string, interaction: 'read' | 'search' | 'export' | 'cgm-summary', id?: string) => ({ action: `fhir.${type}.${interaction}`, resource: id ? `fhir/${type}/${id}` : `fhir/${type}` });

/**
 * guardPatient for each scope a request touches; a denied scope comes back as null (its denial
 * is audited like any other) so the request can go on without that part of the record.
 * @throws ForbiddenError when every scope is denied
 */
export async function guardScopes<S extends PatientScope>(
  c: Context<AppEnv>,
  deps: { db: pg.Pool; clock: Clock },
  patientId: string,
  scopes: readonly S[],
  audit: { action: string; resource: string },
): Promise<Record<S, AllowedAccess | null>> {
  const out = {} as Record<S, AllowedAccess | null>;
  let firstDenial: ForbiddenError | null = null;
  for (const scope of scopes) {
    try {
      out[scope] = await guardPatient(c, deps, patientId, scope, audit);
    } catch (err) {
      if (!(err instanceof ForbiddenError)) throw err;
      firstDenial ??= err;
      out[scope] = null;
    }
  }
  if (firstDenial && scopes.every((s) => out[s] === null)) throw firstDenial;
  return out;
}
