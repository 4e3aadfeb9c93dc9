import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { actorOf } from '../auth/principal.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { appendAudit } from './audit-log.ts';

/**
 * Audit a staff work list (an inbox, a task list) that showed several patients' data at once: one
 * entry per patient shown, so each patient's "who viewed my record" lists it.
 */
export async function auditListedPatients(
  c: Context<AppEnv>,
  deps: { db: pg.Pool; clock: Clock },
  patientIds: Iterable<string>,
  e: { action: string; resource: string; reason: string },
): Promise<void> {
  const user = userOf(c);
  const entries = [...new Set(patientIds)].map((patientId) => ({ actor: actorOf(user), actorRole: user.role, patientId, action: e.action, resource: e.resource, reason: e.reason, requestId: c.get('requestId') }));
  await appendAudit(deps.db, deps.clock, entries);
}
