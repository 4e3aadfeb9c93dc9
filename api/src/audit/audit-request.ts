import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { actorOf } from '../auth/principal.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { appendAudit } from './audit-log.ts';

/** Audit an action of the signed-in user that guardPatient does not cover (clinic administration). */
export async function auditRequest(c: Context<AppEnv>, deps: { db: pg.Pool | pg.PoolClient; clock: Clock }, e: { patientId?: string | null; action: string; resource: string; reason?: string }) {
  const p = userOf(c);
  await appendAudit(deps.db, deps.clock, [{ actor: actorOf(p), actorRole: p.role, patientId: e.patientId ?? null, action: e.action, resource: e.resource, reason: e.reason ?? null, requestId: c.get('requestId') }]);
}
