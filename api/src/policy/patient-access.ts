import type pg from 'pg';
import type { UserPrincipal } from '../auth/principal.ts';
import { smartScopesGrant } from './smart-scopes.ts';

/**
 * What part of a patient's record a request touches. Proxies are granted scopes by name; `record`
 * (demographics, summary, devices) is open to any active proxy; `privacy` (proxy management,
 * sensitive-note settings, "who viewed my record") is the patient's alone.
 */
export type PatientScope = 'readings' | 'results' | 'messages' | 'appointments' | 'billing' | 'medications' | 'record' | 'privacy';
export const PROXY_GRANTABLE = ['results', 'messages', 'appointments', 'billing', 'readings', 'medications'] as const;

export type AccessVia = 'self' | 'proxy' | 'care_team' | 'break_glass';

export type AccessDecision =
  | {
      allowed: true;
      via: AccessVia;
      /** Hide sensitive categories (behavioral health, substance use, sexual health) not shared with proxies. */
      hiddenCategories: string[];
      /** Hide items an adolescent (13–17) marked confidential from a parent proxy. */
      hideAdolescentConfidential: boolean;
      /** Break-the-glass justification, recorded with every audit entry. */
      reason: string | null;
    }
  | { allowed: false; why: 'not_related' | 'scope_missing' | 'proxy_expired' | 'admin_no_clinical' | 'token_scope' };

const SENSITIVE = ['behavioral_health', 'substance_use', 'sexual_health'];

/**
 * API token scopes are `<scope>:read` / `<scope>:write`, or SMART `patient|user/<Type>.read` for
 * third-party FHIR apps (read only; see smart-scopes.ts); sessions carry every scope.
 */
export function tokenAllows(p: UserPrincipal, scope: PatientScope, write: boolean): boolean {
  if (p.scopes === 'all') return true;
  return p.scopes.has(`${scope}:${write ? 'write' : 'read'}`) || (!write && (p.scopes.has(`${scope}:write`) || smartScopesGrant(p.scopes, scope)));
}

/**
 * The one place that decides whether a principal may touch a patient's record, and with which
 * filters. Patients reach their own record; proxies reach it within unexpired, unrevoked grants;
 * clinicians through care-team membership or an active break-the-glass grant; admins manage the
 * clinic but reach clinical data only by breaking the glass.
 */
export async function decidePatientAccess(db: pg.Pool | pg.PoolClient, p: UserPrincipal, patientId: string, scope: PatientScope, now: Date, write = false): Promise<AccessDecision> {
  if (!tokenAllows(p, scope, write)) return { allowed: false, why: 'token_scope' };
  const none = { hiddenCategories: [], hideAdolescentConfidential: false, reason: null };
  switch (p.role) {
    case 'patient':
      return p.patientId === patientId ? { allowed: true, via: 'self', ...none } : { allowed: false, why: 'not_related' };
    case 'proxy': {
      if (scope === 'privacy') return { allowed: false, why: 'scope_missing' };
      const { rows } = await db.query<{ scopes: string[]; is_parent: boolean; expires_at: Date | null; birth_date: Date; shared: string[] | null }>(
        `SELECT g.scopes, g.is_parent, g.expires_at, p.birth_date,
                (SELECT array_agg(category) FROM patient_privacy pp WHERE pp.patient_id = g.patient_id AND pp.share_with_proxies) AS shared
           FROM proxy_grants g JOIN patients p ON p.id = g.patient_id
          WHERE g.proxy_user_id = $1 AND g.patient_id = $2 AND g.revoked_at IS NULL
          ORDER BY g.created_at DESC LIMIT 1`,
        [p.userId, patientId],
      );
      const g = rows[0];
      if (!g) return { allowed: false, why: 'not_related' };
      if (g.expires_at && g.expires_at <= now) return { allowed: false, why: 'proxy_expired' };
      if (scope !== 'record' && !g.scopes.includes(scope)) return { allowed: false, why: 'scope_missing' };
      const age = ageInYears(g.birth_date, now);
      return {
        allowed: true,
        via: 'proxy',
        hiddenCategories: SENSITIVE.filter((c) => !(g.shared ?? []).includes(c)),
        hideAdolescentConfidential: g.is_parent && age >= 13 && age < 18,
        reason: null,
      };
    }
    case 'clinician':
    case 'admin': {
      if (scope === 'privacy') return { allowed: false, why: 'not_related' };
      const { rows } = await db.query<{ team: boolean; glass_reason: string | null }>(
        `SELECT EXISTS (SELECT 1 FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id
                         WHERE m.user_id = $1 AND tp.patient_id = $2) AS team,
                (SELECT reason FROM break_glass WHERE clinician_id = $1 AND patient_id = $2 AND expires_at > $3
                  ORDER BY granted_at DESC LIMIT 1) AS glass_reason`,
        [p.userId, patientId, now],
      );
      const r = rows[0]!;
      if (p.role === 'clinician' && r.team) return { allowed: true, via: 'care_team', ...none };
      if (r.glass_reason) return { allowed: true, via: 'break_glass', ...none, reason: `break-the-glass: ${r.glass_reason}` };
      return { allowed: false, why: p.role === 'admin' ? 'admin_no_clinical' : 'not_related' };
    }
  }
}

export function ageInYears(birth: Date, now: Date): number {
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const m = now.getUTCMonth() - birth.getUTCMonth();
  if (m < 0 || (m === 0 && now.getUTCDate() < birth.getUTCDate())) age--;
  return age;
}
