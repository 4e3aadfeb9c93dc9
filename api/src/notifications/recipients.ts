import type pg from 'pg';
import type { UserPrincipal } from '../auth/principal.ts';
import { decidePatientAccess, type AccessDecision, type PatientScope } from '../policy/patient-access.ts';

/** What the portal filters on for one item of a patient's record (a result, a thread). */
export interface PortalItem {
  /** A sensitive category (behavioral_health, substance_use, sexual_health) or any other. */
  category?: string | null;
  /** Marked confidential by an adolescent: hidden from a parent proxy. */
  adolescentConfidential: boolean;
}

/** The filters of an allowed access decision. */
export type ItemFilters = Pick<Extract<AccessDecision, { allowed: true }>, 'hiddenCategories' | 'hideAdolescentConfidential'>;

/** Whether an item passes the policy decision's filters. */
export function itemVisible(filters: ItemFilters, item: PortalItem): boolean {
  if (item.category && filters.hiddenCategories.includes(item.category)) return false;
  return !(item.adolescentConfidential && filters.hideAdolescentConfidential);
}

/**
 * The portal accounts to tell about an item of a patient's record: the patient's own account and
 * every proxy whom the access policy lets see it (scope, expiry, sensitive categories and
 * adolescent confidentiality all decided by {@link decidePatientAccess}, not repeated here).
 */
export async function portalRecipients(db: pg.Pool | pg.PoolClient, patientId: string, scope: PatientScope, item: PortalItem, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string; role: 'patient' | 'proxy' }>(
    `SELECT id, role FROM users WHERE role = 'patient' AND patient_id = $1 AND disabled_at IS NULL
     UNION
     SELECT u.id, u.role FROM proxy_grants g JOIN users u ON u.id = g.proxy_user_id
      WHERE g.patient_id = $1 AND g.revoked_at IS NULL AND u.disabled_at IS NULL`,
    [patientId],
  );
  const out: string[] = [];
  for (const r of rows) {
    if (r.role === 'patient') {
      out.push(r.id);
      continue;
    }
    // the proxy as the policy would see them signed in
    const proxy: UserPrincipal = { kind: 'user', userId: r.id, role: 'proxy', clinicId: null, patientId: null, via: 'session', scopes: 'all', mfa: false };
    const d = await decidePatientAccess(db, proxy, patientId, scope, now);
    if (d.allowed && itemVisible(d, item)) out.push(r.id);
  }
  return out;
}
