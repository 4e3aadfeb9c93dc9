import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { AppEnv } from '../http/env.ts';
import { appendAudit } from './audit-log.ts';

/** Who did something, when the request's principal is not (yet) that person, e.g. at login. */
export interface AuditActor {
  userId: string;
  role: string;
}

/** A security or account event for the audit chain. */
export interface AuditEvent {
  /** The acting user; `null` for an anonymous attempt. */
  actor: AuditActor | null;
  /** The patient whose record or access the event concerns; shown in their access log. */
  patientId?: string | null;
  action: string;
  resource: string;
  reason?: string | null;
}

/**
 * Append one event to the hash-chained audit log with this request's id. Health-data reads and
 * writes are audited by guardPatient; this records the identity events around them (sign-in,
 * tokens, proxies, break-the-glass…). Pass a transaction client to commit it with the change.
 */
export async function auditEvent(c: Context<AppEnv>, deps: { db: pg.Pool | pg.PoolClient; clock: Clock }, e: AuditEvent): Promise<void> {
  await appendAudit(deps.db, deps.clock, [
    {
      actor: e.actor ? `user:${e.actor.userId}` : 'anonymous',
      actorRole: e.actor?.role ?? null,
      patientId: e.patientId ?? null,
      action: e.action,
      resource: e.resource,
      reason: e.reason ?? null,
      requestId: c.get('requestId'),
    },
  ]);
}
