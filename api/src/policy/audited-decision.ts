import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError } from '../../../common/src/errors/index.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf, type UserPrincipal } from '../auth/principal.ts';
import type { AppEnv } from '../http/env.ts';

/** A decision about one patient, reduced to what the audit entry needs. */
export type AuditedDecision = { allowed: true; reason: string } | { allowed: false; why: string };

/**
 * Write the audit entry for a decision about a patient, allowed or denied, with its reason (the
 * denial's kind, or how access was granted). Shared by the guards so every decision is audited
 * the same way, denials included.
 */
export async function auditDecision(
  c: Context<AppEnv>,
  deps: { db: pg.Pool; clock: Clock },
  p: UserPrincipal,
  patientId: string,
  d: AuditedDecision,
  audit: { action: string; resource: string },
): Promise<void> {
  await appendAudit(deps.db, deps.clock, [
    {
      actor: actorOf(p),
      actorRole: p.role,
      patientId,
      action: d.allowed ? audit.action : `${audit.action}.denied`,
      resource: audit.resource,
      reason: d.allowed ? d.reason : d.why,
      requestId: c.get('requestId'),
    },
  ]);
}

/** The 403 for a denial: plain-language text for the person, `code` for the UI. */
export function deniedError<Why extends string>(why: Why, text: Record<Why, string>): ForbiddenError {
  return new ForbiddenError(text[why], { extra: { code: why } });
}
