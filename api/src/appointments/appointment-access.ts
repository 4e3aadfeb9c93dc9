import type { Context, MiddlewareHandler } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { requireFeature } from '../clinic-config/require-feature.ts';
import type { AppEnv } from '../http/env.ts';
import { guardPatient, type AllowedAccess } from '../policy/patient-guard.ts';
import type { Actor } from './booking.ts';

/**
 * Decide (and audit) access to a patient's appointments through THE policy (scope
 * `appointments`), and say which rules the caller changes them under: the patient and proxies as
 * a patient (online cutoff, self-scheduling switch), the care team or break-the-glass as staff.
 * @throws ForbiddenError when denied
 */
export async function appointmentAccess(
  c: Context<AppEnv>,
  deps: { db: pg.Pool; clock: Clock },
  patientId: string,
  audit: { action: string; resource: string; write?: boolean },
): Promise<{ access: AllowedAccess; actor: Actor }> {
  const access = await guardPatient(c, deps, patientId, 'appointments', audit);
  return { access, actor: { userId: userOf(c).userId, mode: access.via === 'self' || access.via === 'proxy' ? 'patient' : 'staff' } };
}

/** Middleware for patient routes that schedule: signed in, and self-scheduling on for patients and proxies. */
export const selfScheduling = (deps: { db: pg.Pool }): MiddlewareHandler<AppEnv>[] => [requireUser(), requireFeature('self_scheduling', deps)];
