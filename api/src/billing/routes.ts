import { createRoute } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { UnprocessableError } from '../portal-records/errors.ts';
import { PatientIdParam, jsonBody, jsonResponse, patientChildParams, patientOrProxy } from '../portal-records/http.ts';
import { createFakePaymentProcessor } from './fake-payment-processor.ts';
import { addMonthsClamped, installmentSchedule, planProblem } from './installments.ts';
import type { PaymentProcessor } from './payment-processor.ts';
import { billingRepo, decideAssistance } from './repo.ts';
import { AssistanceDecision, AssistanceRequest, BillingAccount, IdempotencyKeyHeader, NewAssistanceRequest, NewPayment, NewPaymentPlan, Payment, PaymentPlan } from './schemas.ts';
import { takePayment } from './take-payment.ts';

export interface BillingRouteDeps {
  db: pg.Pool;
  clock: Clock;
  /** The card processor; default: the fake one (moves no money), for the demo. */
  processor?: PaymentProcessor;
}

const tags = ['billing'];

const routes = {
  account: createRoute({ method: 'get', path: '/v1/patients/{patientId}/billing', tags, summary: 'Balance, statements, insurance, payments, plans, assistance', middleware: [requireUser()] as const, request: { params: PatientIdParam }, responses: { 200: jsonResponse('the billing account', BillingAccount) } }),
  pay: createRoute({
    method: 'post',
    path: '/v1/patients/{patientId}/payments',
    tags,
    summary: 'Pay by card (idempotent)',
    description:
      'Send a new `Idempotency-Key` per payment and the same key on every retry: a retry returns the first answer (header `Idempotent-Replayed: true`) and never charges again; the same key with a different body is a 422. A declined card is recorded and returned with status `declined`.',
    middleware: [patientOrProxy] as const,
    request: { params: PatientIdParam, headers: IdempotencyKeyHeader, body: jsonBody(NewPayment) },
    responses: { 201: jsonResponse('the payment (succeeded or declined)', Payment) },
  }),
  plan: createRoute({ method: 'post', path: '/v1/patients/{patientId}/payment-plans', tags, summary: 'Spread the balance over monthly payments', middleware: [patientOrProxy] as const, request: { params: PatientIdParam, body: jsonBody(NewPaymentPlan) }, responses: { 201: jsonResponse('the plan and its schedule', PaymentPlan) } }),
  assistance: createRoute({ method: 'post', path: '/v1/patients/{patientId}/financial-assistance', tags, summary: 'Ask for financial assistance', middleware: [patientOrProxy] as const, request: { params: PatientIdParam, body: jsonBody(NewAssistanceRequest) }, responses: { 201: jsonResponse('submitted', AssistanceRequest) } }),
  decideAssistance: createRoute({
    method: 'post',
    path: '/v1/patients/{patientId}/financial-assistance/{requestId}/status',
    tags,
    summary: 'Review, approve or deny a financial assistance request (care team)',
    middleware: [requireUser({ roles: ['clinician'] })] as const,
    request: { params: patientChildParams('requestId'), body: jsonBody(AssistanceDecision) },
    responses: { 200: jsonResponse('moved on', AssistanceRequest) },
  }),
};

/** Billing and payments: statements, insurance, balance, card payments, payment plans, financial assistance. */
export function billingRoutes(deps: BillingRouteDeps) {
  const app = createRouter();
  const processor = deps.processor ?? createFakePaymentProcessor();

  app.openapi(routes.account, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'billing', { action: 'billing.read', resource: 'billing' });
    return c.json(await billingRepo(deps.db, patientId).account(), 200);
  });

  app.openapi(routes.pay, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'billing', { action: 'billing.pay', resource: 'payments', write: true });
    const input = c.req.valid('json');
    const result = await takePayment({ db: deps.db, processor }, { patientId, userId: userOf(c).userId, idempotencyKey: c.req.valid('header')['idempotency-key'], input, now: deps.clock.now() });
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body, 201);
  });

  app.openapi(routes.plan, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'billing', { action: 'billing.plan', resource: 'payment-plans', write: true });
    const { months, firstDueDate } = c.req.valid('json');
    const repo = billingRepo(deps.db, patientId);
    const balance = await repo.balanceCents();
    const problem = planProblem(balance, months);
    if (problem) throw new UnprocessableError(problem, { errors: [{ path: 'months', message: problem }] });
    const firstDue = firstDueDate ?? addMonthsClamped(deps.clock.now().toISOString().slice(0, 10), 1);
    return c.json(await repo.createPlan(installmentSchedule(balance, months, firstDue), userOf(c).userId, deps.clock.now()), 201);
  });

  app.openapi(routes.assistance, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'billing', { action: 'billing.assistance.request', resource: 'financial-assistance', write: true });
    return c.json(await billingRepo(deps.db, patientId).requestAssistance(c.req.valid('json'), userOf(c).userId, deps.clock.now()), 201);
  });

  app.openapi(routes.decideAssistance, async (c) => {
    const { patientId, requestId } = c.req.valid('param');
    const body = c.req.valid('json');
    await guardPatient(c, deps, patientId, 'billing', { action: `billing.assistance.${body.status}`, resource: `financial-assistance/${requestId}`, write: true });
    return c.json(await decideAssistance(deps.db, patientId, requestId, body, userOf(c).userId, deps.clock.now()), 200);
  });

  return app;
}
