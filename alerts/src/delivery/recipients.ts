import type pg from 'pg';
import { decidePatientAccess } from '../../../api/src/policy/patient-access.ts';
import type { Role, UserPrincipal } from '../../../api/src/auth/principal.ts';
import { severityRank, type Severity } from '../rules/severity.ts';

/** A person to email about an alert. */
export interface Recipient {
  userId: string;
  email: string;
}

interface PreferenceRow {
  id: string;
  email: string;
  role: Role;
  clinic_id: string | null;
  patient_id: string | null;
  channels: string[];
  min_severity: Severity;
}

const wantsEmail = (r: PreferenceRow, severity: Severity) => r.channels.includes('email') && severityRank(severity) >= severityRank(r.min_severity);

/**
 * Clinicians of tier `tier` in the patient's care teams who take email at this severity.
 * Preferences default to email and in-app at `high` and above (migration 0006).
 */
export async function careTeamRecipients(db: Pick<pg.Pool, 'query'>, patientId: string, tier: number, severity: Severity): Promise<Recipient[]> {
  const { rows } = await db.query<PreferenceRow>(
    `SELECT DISTINCT u.id, u.email, u.role, u.clinic_id, u.patient_id,
            COALESCE(np.channels, '{in_app,email}') AS channels, COALESCE(np.min_severity, 'high') AS min_severity
       FROM care_team_patients tp
       JOIN care_team_members m ON m.care_team_id = tp.care_team_id AND m.tier = $2
       JOIN users u ON u.id = m.user_id AND u.role = 'clinician' AND u.disabled_at IS NULL
       LEFT JOIN notification_preferences np ON np.user_id = u.id
      WHERE tp.patient_id = $1
      ORDER BY u.id`,
    [patientId, tier],
  );
  return rows.filter((r) => wantsEmail(r, severity)).map((r) => ({ userId: r.id, email: r.email }));
}

/**
 * The patient and their proxies who opted in to hear about alerts on the patient's readings,
 * take email at this severity, and — decided by the one policy module, as for any other read —
 * may see the patient's readings now (a proxy needs an unexpired grant with the `readings` scope).
 */
export async function optedInRecipients(db: pg.Pool | pg.PoolClient, patientId: string, severity: Severity, now: Date): Promise<Recipient[]> {
  const { rows } = await db.query<PreferenceRow>(
    `SELECT u.id, u.email, u.role, u.clinic_id, u.patient_id, np.channels, np.min_severity
       FROM users u JOIN notification_preferences np ON np.user_id = u.id AND np.own_alerts
      WHERE u.disabled_at IS NULL
        AND ((u.role = 'patient' AND u.patient_id = $1)
          OR (u.role = 'proxy' AND EXISTS (SELECT 1 FROM proxy_grants g WHERE g.proxy_user_id = u.id AND g.patient_id = $1)))
      ORDER BY u.id`,
    [patientId],
  );
  const allowed: Recipient[] = [];
  for (const r of rows.filter((row) => wantsEmail(row, severity))) {
    const principal: UserPrincipal = { kind: 'user', userId: r.id, role: r.role, clinicId: r.clinic_id, patientId: r.patient_id, via: 'session', scopes: 'all', mfa: true };
    const decision = await decidePatientAccess(db, principal, patientId, 'readings', now);
    if (decision.allowed) allowed.push({ userId: r.id, email: r.email });
  }
  return allowed;
}
