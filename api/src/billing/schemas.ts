import { z } from '@hono/zod-openapi';
import { CalendarDate, Note } from '../portal-records/http.ts';
import { ASSISTANCE_STATUSES } from './assistance-status.ts';
import { MAX_MONTHS, MIN_MONTHS } from './installments.ts';

const Cents = z.number().int().describe('US cents');

export const Charge = z
  .object({ id: z.uuid(), serviceDate: z.string(), cptCode: z.string().describe('CPT/HCPCS code'), description: z.string(), amountCents: Cents, insurancePaidCents: Cents, patientOwesCents: Cents })
  .openapi('Charge');

export const Statement = z
  .object({
    id: z.uuid(),
    statementDate: z.string(),
    dueDate: z.string(),
    totalCents: Cents,
    insurancePaidCents: Cents,
    paidCents: Cents.describe('paid by the patient toward this statement'),
    amountDueCents: Cents,
    charges: z.array(Charge),
  })
  .openapi('Statement');

export const Coverage = z
  .object({ id: z.uuid(), payer: z.string(), memberId: z.string(), groupNumber: z.string().nullable(), plan: z.string(), priority: z.number().int().describe('1 = primary'), effectiveFrom: z.string(), effectiveTo: z.string().nullable() })
  .openapi('InsuranceCoverage');

export const Payment = z
  .object({
    id: z.uuid(),
    statementId: z.uuid().nullable(),
    amountCents: Cents,
    status: z.enum(['succeeded', 'declined']),
    failureReason: z.string().nullable(),
    processorReference: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Payment');

export const NewPayment = z
  .object({
    amountCents: z.number().int().positive().max(100_000_000),
    token: z.string().min(1).max(200).describe("single-use token from the payment processor's card form; card numbers never reach this API"),
    statementId: z.uuid().optional().describe('default: toward the account balance'),
  })
  .openapi('NewPayment');

export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters')
    .optional()
    .openapi({ param: { in: 'header', required: true }, description: 'required: a new random value (e.g. a UUID) per payment, sent again unchanged on retries', example: '5f0c6e52-8a4e-4f8b-9b1e-0d6f0c2a7e11' }),
});

export const Installment = z.object({ seq: z.number().int(), dueDate: z.string(), amountCents: Cents }).openapi('Installment');
export const PaymentPlan = z
  .object({ id: z.uuid(), totalCents: Cents, months: z.number().int(), status: z.enum(['active', 'completed', 'cancelled']), schedule: z.array(Installment), createdAt: z.string() })
  .openapi('PaymentPlan');
export const NewPaymentPlan = z
  .object({ months: z.number().int().min(MIN_MONTHS).max(MAX_MONTHS), firstDueDate: CalendarDate.optional().describe('default: a month from today') })
  .openapi('NewPaymentPlan');

export const AssistanceStatus = z.enum(ASSISTANCE_STATUSES);
export const AssistanceRequest = z
  .object({ id: z.uuid(), householdSize: z.number().int(), annualIncomeCents: Cents, reason: z.string(), status: AssistanceStatus, decisionNote: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('FinancialAssistanceRequest');
export const NewAssistanceRequest = z
  .object({ householdSize: z.number().int().min(1).max(20), annualIncomeCents: z.number().int().min(0).max(100_000_000_00), reason: Note(2000) })
  .openapi('NewFinancialAssistanceRequest');
export const AssistanceDecision = z.object({ status: z.enum(['under_review', 'approved', 'denied']), note: Note(2000).optional() }).openapi('FinancialAssistanceDecision');

export const BillingAccount = z
  .object({
    patientId: z.uuid(),
    balanceCents: Cents.describe('what the patient owes across statements, after insurance and payments'),
    statements: z.array(Statement),
    coverage: z.array(Coverage),
    payments: z.array(Payment),
    paymentPlans: z.array(PaymentPlan),
    assistanceRequests: z.array(AssistanceRequest),
  })
  .openapi('BillingAccount');
