import { createRoute, z } from '@hono/zod-openapi';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../../common/src/errors/index.ts';
import { auditEvent } from '../../audit/audit-event.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import { requireUser, userOf } from '../../auth/require.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { guardBreakGlass } from '../../policy/break-glass.ts';
import { IdParam, PatientIdParam, Timestamp, jsonBody, jsonResponse } from '../http/schemas.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { findBreakGlass, insertBreakGlass, listBreakGlass, reviewBreakGlass } from './repo.ts';

/** Default length of an emergency access. */
export const BREAK_GLASS_DEFAULT_MINUTES = 4 * 60;

const BreakGlass = z
  .object({
    id: z.uuid(),
    clinician: z.object({ id: z.uuid(), displayName: z.string(), role: z.string() }),
    patient: z.object({ id: z.uuid(), name: z.string() }),
    reason: z.string(),
    grantedAt: Timestamp,
    expiresAt: Timestamp,
    review: z.object({ at: Timestamp, by: z.uuid(), outcome: z.string(), note: z.string().nullable() }).nullable(),
  })
  .openapi('BreakGlassAccess');

const grant = createRoute({
  method: 'post',
  path: '/v1/patients/{patientId}/break-glass',
  tags: ['break-the-glass'],
  summary: 'Emergency access to a patient outside my care teams, with a reason',
  description: 'For clinicians outside the patient’s care teams and administrators of the patient’s clinic. Access ends by itself; every use is audited with the reason and reviewed by an administrator.',
  middleware: [requireUser({ roles: ['clinician', 'admin'] })] as const,
  request: {
    params: PatientIdParam,
    body: jsonBody(
      z.object({
        reason: z.string().trim().min(10, 'Say why, in at least 10 characters.').max(500),
        durationMinutes: z.number().int().min(15).max(12 * 60).default(BREAK_GLASS_DEFAULT_MINUTES),
      }),
    ),
  },
  responses: { 201: jsonResponse('access granted until expiresAt', z.object({ id: z.uuid(), expiresAt: Timestamp })) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/admin/break-glass',
  tags: ['break-the-glass'],
  summary: 'Emergency accesses to review',
  middleware: [requireUser({ roles: ['admin'] })] as const,
  request: { query: z.object({ status: z.enum(['unreviewed', 'all']).default('unreviewed'), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: jsonResponse('accesses: unreviewed oldest first, or all newest first', z.object({ accesses: z.array(BreakGlass) })) },
});

const review = createRoute({
  method: 'post',
  path: '/v1/admin/break-glass/{id}/review',
  tags: ['break-the-glass'],
  summary: 'Record whether an emergency access was justified',
  middleware: [requireUser({ roles: ['admin'] })] as const,
  request: { params: IdParam, body: jsonBody(z.object({ outcome: z.enum(['appropriate', 'inappropriate']), note: z.string().trim().max(1000).optional() })) },
  responses: { 200: jsonResponse('the reviewed access', BreakGlass) },
});

/** The administrator's clinic; an account without one reviews nothing. */
function clinicOf(p: UserPrincipal): string {
  if (!p.clinicId) throw new ForbiddenError('your account belongs to no clinic');
  return p.clinicId;
}

/** Break-the-glass: time-limited emergency access, and its review by administrators. */
export function breakGlassRoutes(deps: IdentityDeps) {
  const app = createRouter();

  app.openapi(grant, async (c) => {
    const { patientId } = c.req.valid('param');
    const { reason, durationMinutes } = c.req.valid('json');
    const p = await guardBreakGlass(c, deps, patientId, reason);
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + durationMinutes * 60_000);
    const { id } = await insertBreakGlass(deps.db, { userId: p.userId, patientId, reason, now, expiresAt });
    return c.json({ id, expiresAt: expiresAt.toISOString() }, 201);
  });

  app.openapi(list, async (c) => {
    const { status, limit } = c.req.valid('query');
    return c.json({ accesses: await listBreakGlass(deps.db, clinicOf(userOf(c)), status === 'unreviewed', limit) }, 200);
  });

  app.openapi(review, async (c) => {
    const p = userOf(c);
    const { id } = c.req.valid('param');
    const { outcome, note } = c.req.valid('json');
    const found = await findBreakGlass(deps.db, clinicOf(p), id);
    if (!found) throw new NotFoundError('no such emergency access in your clinic');
    // Separation of duties: an administrator who broke the glass does not clear themselves.
    if (found.clinician.id === p.userId) throw new ForbiddenError('another administrator must review your own emergency access');
    if (!(await reviewBreakGlass(deps.db, { id, reviewerId: p.userId, outcome, note: note ?? null, now: deps.clock.now() }))) throw new ConflictError('this access was already reviewed');
    await auditEvent(c, deps, { actor: p, patientId: found.patient.id, action: 'break_glass.review', resource: `break_glass/${id}`, reason: outcome });
    return c.json((await findBreakGlass(deps.db, clinicOf(p), id))!, 200);
  });

  return app;
}
