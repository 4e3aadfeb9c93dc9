import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { Mailer } from '../identity/mail/mailer.ts';
import { createNotifier } from '../notifications/notifier.ts';
import { portalRecipients } from '../notifications/recipients.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf } from '../auth/principal.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { PatientIdParam, jsonBody, jsonResponse, patientChildParams, patientOrProxy } from '../portal-records/http.ts';
import { listPharmacies, patientMedications, refillQueue } from './repo.ts';
import { Medication, NewMedication, NewRefillRequest, Pharmacy, RefillDecision, RefillRequest } from './schemas.ts';

export interface MedicationRouteDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** Sends notification emails at once; without one they wait in the outbox for the email worker. */
  mailer?: Mailer | null;
}

const tags = ['medications'];
const signedIn = requireUser();
const clinicians = requireUser({ roles: ['clinician'] });
const RefillParams = patientChildParams('refillId');

const routes = {
  pharmacies: createRoute({ method: 'get', path: '/v1/pharmacies', tags, summary: 'The pharmacy directory', middleware: [signedIn] as const, responses: { 200: jsonResponse('pharmacies', z.object({ pharmacies: z.array(Pharmacy) })) } }),
  list: createRoute({ method: 'get', path: '/v1/patients/{patientId}/medications', tags, summary: "The patient's medication list", middleware: [signedIn] as const, request: { params: PatientIdParam }, responses: { 200: jsonResponse('medications, active first', z.object({ medications: z.array(Medication) })) } }),
  add: createRoute({ method: 'post', path: '/v1/patients/{patientId}/medications', tags, summary: 'Add a medication (care team)', middleware: [clinicians] as const, request: { params: PatientIdParam, body: jsonBody(NewMedication) }, responses: { 201: jsonResponse('added', Medication) } }),
  refills: createRoute({ method: 'get', path: '/v1/patients/{patientId}/refill-requests', tags, summary: "The patient's refill requests", middleware: [signedIn] as const, request: { params: PatientIdParam }, responses: { 200: jsonResponse('newest first', z.object({ refillRequests: z.array(RefillRequest) })) } }),
  request: createRoute({
    method: 'post',
    path: '/v1/patients/{patientId}/refill-requests',
    tags,
    summary: 'Ask the care team for a refill',
    middleware: [patientOrProxy] as const,
    request: { params: PatientIdParam, body: jsonBody(NewRefillRequest) },
    responses: { 201: jsonResponse('requested and routed to the care team', RefillRequest) },
  }),
  decide: createRoute({
    method: 'post',
    path: '/v1/patients/{patientId}/refill-requests/{refillId}/status',
    tags,
    summary: 'Approve, deny or send a refill to the pharmacy (care team)',
    description: 'requested → approved | denied; approved → sent_to_pharmacy. Any other move is a 409.',
    middleware: [clinicians] as const,
    request: { params: RefillParams, body: jsonBody(RefillDecision) },
    responses: { 200: jsonResponse('moved on; the patient is told', RefillRequest) },
  }),
  queue: createRoute({ method: 'get', path: '/v1/refill-requests', tags, summary: "Open refill requests for my care teams", middleware: [clinicians] as const, responses: { 200: jsonResponse('oldest first', z.object({ refillRequests: z.array(RefillRequest) })) } }),
};

// In-app titles; the email only says a message is waiting (see notifications/kinds.ts).
const DECISION_TITLE = {
  approved: 'Your refill request was approved',
  denied: 'Your refill request was not approved: see the note from your care team',
  sent_to_pharmacy: 'Your refill was sent to your pharmacy',
} as const;

/**
 * Medications and refills: the medication list, refill requests by the patient or a proxy with
 * the `medications` scope, and the care team's decisions (see refill-status.ts).
 */
export function medicationRoutes(deps: MedicationRouteDeps) {
  const app = createRouter();
  const notifier = createNotifier(deps);

  app.openapi(routes.pharmacies, async (c) => c.json({ pharmacies: await listPharmacies(deps.db) }, 200));

  app.openapi(routes.list, async (c) => {
    const { patientId } = c.req.valid('param');
    const access = await guardPatient(c, deps, patientId, 'medications', { action: 'medications.read', resource: 'medications' });
    return c.json({ medications: await patientMedications(deps.db, patientId, access).list() }, 200);
  });

  app.openapi(routes.add, async (c) => {
    const { patientId } = c.req.valid('param');
    const access = await guardPatient(c, deps, patientId, 'medications', { action: 'medications.add', resource: 'medications', write: true });
    return c.json(await patientMedications(deps.db, patientId, access).add(c.req.valid('json'), userOf(c).userId), 201);
  });

  app.openapi(routes.refills, async (c) => {
    const { patientId } = c.req.valid('param');
    const access = await guardPatient(c, deps, patientId, 'medications', { action: 'refills.read', resource: 'refill-requests' });
    return c.json({ refillRequests: await patientMedications(deps.db, patientId, access).refills() }, 200);
  });

  app.openapi(routes.request, async (c) => {
    const { patientId } = c.req.valid('param');
    const body = c.req.valid('json');
    const access = await guardPatient(c, deps, patientId, 'medications', { action: 'refills.request', resource: `medication/${body.medicationId}`, write: true });
    return c.json(await patientMedications(deps.db, patientId, access).request(body, userOf(c).userId, deps.clock.now()), 201);
  });

  app.openapi(routes.decide, async (c) => {
    const { patientId, refillId } = c.req.valid('param');
    const body = c.req.valid('json');
    const access = await guardPatient(c, deps, patientId, 'medications', { action: `refills.${body.status}`, resource: `refill-request/${refillId}`, write: true });
    const now = deps.clock.now();
    const { refill, item } = await patientMedications(deps.db, patientId, access).decide(refillId, body.status, body.note, userOf(c).userId, now);
    // the care team's answer is a message back: the patient, and proxies who may see this medication, are told
    const recipients = await portalRecipients(deps.db, patientId, 'medications', item, now);
    await notifier.notify(recipients.map((userId) => ({ userId, kind: 'new_message' as const, title: DECISION_TITLE[body.status], link: `/app/medications#refill-${refill.id}` })));
    return c.json(refill, 200);
  });

  app.openapi(routes.queue, async (c) => {
    const refills = await refillQueue(deps.db, userOf(c).userId);
    // reading the queue shows each listed patient's medication names: one audit entry per patient
    const p = userOf(c);
    await appendAudit(
      deps.db,
      deps.clock,
      [...new Set(refills.map((r) => r.patientId))].map((patientId) => ({ actor: actorOf(p), actorRole: p.role, patientId, action: 'refills.queue.read', resource: 'refill-requests', reason: 'via care_team', requestId: c.get('requestId') })),
    );
    return c.json({ refillRequests: refills }, 200);
  });

  return app;
}
