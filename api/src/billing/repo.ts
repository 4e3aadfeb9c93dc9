import type pg from 'pg';
import { ConflictError, NotFoundError } from '../../../common/src/errors/index.ts';
import { iso } from '../portal-records/http.ts';
import { moveStatus } from '../portal-records/status-transition.ts';
import { assistanceStatus, type AssistanceStatus } from './assistance-status.ts';
import type { Installment } from './installments.ts';
import type { ChargeResult } from './payment-processor.ts';

type Db = pg.Pool | pg.PoolClient;

interface ChargeJson {
  id: string;
  serviceDate: string;
  cptCode: string;
  description: string;
  amountCents: number;
  insurancePaidCents: number;
  patientOwesCents: number;
}

interface PaymentRow {
  id: string;
  statement_id: string | null;
  amount_cents: number;
  status: 'succeeded' | 'declined';
  failure_reason: string | null;
  processor_ref: string | null;
  created_at: Date;
}

const toPayment = (p: PaymentRow) => ({
  id: p.id,
  statementId: p.statement_id,
  amountCents: Number(p.amount_cents),
  status: p.status,
  failureReason: p.failure_reason,
  processorReference: p.processor_ref,
  createdAt: iso(p.created_at),
});
export type PaymentView = ReturnType<typeof toPayment>;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

// sum(bigint) is numeric, which pg returns as text: cast back so every amount is a JS number
const PAID_SUCCEEDED = `COALESCE(sum(amount_cents) FILTER (WHERE status = 'succeeded'), 0)::bigint`;

/** A patient's statements (with itemised charges and what was paid on each). */
async function statements(db: Db, patientId: string) {
  const { rows } = await db.query<{ id: string; statement_date: string; due_date: string; charges: ChargeJson[]; paid: number }>(
    `SELECT s.id, s.statement_date::text, s.due_date::text,
            COALESCE(json_agg(json_build_object('id', c.id, 'serviceDate', c.service_date, 'cptCode', c.cpt_code, 'description', c.description,
                                                'amountCents', c.amount_cents, 'insurancePaidCents', c.insurance_paid_cents,
                                                'patientOwesCents', c.amount_cents - c.insurance_paid_cents)
                              ORDER BY c.service_date, c.cpt_code) FILTER (WHERE c.id IS NOT NULL), '[]') AS charges,
            (SELECT ${PAID_SUCCEEDED} FROM payments p WHERE p.statement_id = s.id) AS paid
       FROM statements s LEFT JOIN charges c ON c.statement_id = s.id
      WHERE s.patient_id = $1 GROUP BY s.id ORDER BY s.statement_date DESC`,
    [patientId],
  );
  return rows.map((s) => {
    const owes = sum(s.charges.map((c) => c.patientOwesCents));
    return {
      id: s.id,
      statementDate: s.statement_date,
      dueDate: s.due_date,
      totalCents: sum(s.charges.map((c) => c.amountCents)),
      insurancePaidCents: sum(s.charges.map((c) => c.insurancePaidCents)),
      paidCents: Number(s.paid),
      amountDueCents: owes - Number(s.paid),
      charges: s.charges,
    };
  });
}

/** What the patient owes across all statements, after insurance and successful payments. */
async function balanceCents(db: Db, patientId: string): Promise<number> {
  const { rows } = await db.query<{ balance: number }>(
    `SELECT (SELECT COALESCE(sum(c.amount_cents - c.insurance_paid_cents), 0)::bigint FROM charges c JOIN statements s ON s.id = c.statement_id WHERE s.patient_id = $1)
          - (SELECT ${PAID_SUCCEEDED} FROM payments WHERE patient_id = $1) AS balance`,
    [patientId],
  );
  return Number(rows[0]!.balance);
}

/** A patient's billing: statements, insurance, balance, payments, payment plans and assistance requests. */
export function billingRepo(db: Db, patientId: string) {
  return {
    async account() {
      const [stmts, coverage, payments, plans, assistance, balance] = await Promise.all([
        statements(db, patientId),
        db.query(
          `SELECT id, payer, member_id AS "memberId", group_number AS "groupNumber", plan, priority, effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo"
             FROM insurance_coverages WHERE patient_id = $1 ORDER BY priority, effective_from DESC`,
          [patientId],
        ),
        db.query<PaymentRow>('SELECT * FROM payments WHERE patient_id = $1 ORDER BY created_at DESC', [patientId]),
        db.query<{ id: string; total_cents: number; months: number; status: 'active'; schedule: Installment[]; created_at: Date }>('SELECT * FROM payment_plans WHERE patient_id = $1 ORDER BY created_at DESC', [patientId]),
        db.query<AssistanceRow>('SELECT * FROM financial_assistance_requests WHERE patient_id = $1 ORDER BY created_at DESC', [patientId]),
        balanceCents(db, patientId),
      ]);
      return {
        patientId,
        balanceCents: balance,
        statements: stmts,
        coverage: coverage.rows,
        payments: payments.rows.map(toPayment),
        paymentPlans: plans.rows.map((p) => ({ id: p.id, totalCents: Number(p.total_cents), months: p.months, status: p.status, schedule: p.schedule, createdAt: iso(p.created_at) })),
        assistanceRequests: assistance.rows.map(toAssistance),
      };
    },

    balanceCents: () => balanceCents(db, patientId),

    /**
     * What is still due on one statement.
     *
     * @throws NotFoundError when the patient has no such statement
     */
    async statementDue(statementId: string): Promise<number> {
      const s = (await statements(db, patientId)).find((x) => x.id === statementId);
      if (!s) throw new NotFoundError('no such statement');
      return s.amountDueCents;
    },

    /** Record the processor's answer to a charge (declines too, so the person sees what happened). */
    async recordPayment(p: { statementId: string | null; amountCents: number; paidBy: string; result: ChargeResult; now: Date }) {
      const { rows } = await db.query<PaymentRow>(
        `INSERT INTO payments (patient_id, statement_id, amount_cents, status, processor_ref, failure_reason, paid_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [patientId, p.statementId, p.amountCents, p.result.status, p.result.status === 'succeeded' ? p.result.reference : null, p.result.status === 'declined' ? p.result.reason : null, p.paidBy, p.now],
      );
      return toPayment(rows[0]!);
    },

    /** @throws ConflictError when a plan is already active */
    async createPlan(schedule: Installment[], by: string, now: Date) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO payment_plans (patient_id, total_cents, months, schedule, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (patient_id) WHERE status = 'active' DO NOTHING RETURNING id`,
        [patientId, sum(schedule.map((i) => i.amountCents)), schedule.length, JSON.stringify(schedule), by, now],
      );
      if (!rows[0]) throw new ConflictError('a payment plan is already active');
      return { id: rows[0].id, totalCents: sum(schedule.map((i) => i.amountCents)), months: schedule.length, status: 'active' as const, schedule, createdAt: iso(now) };
    },

    /** @throws ConflictError while an earlier request is still under consideration */
    async requestAssistance(r: { householdSize: number; annualIncomeCents: number; reason: string }, by: string, now: Date) {
      const { rows } = await db.query<AssistanceRow>(
        `INSERT INTO financial_assistance_requests (patient_id, household_size, annual_income_cents, reason, submitted_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (patient_id) WHERE status IN ('submitted', 'under_review') DO NOTHING RETURNING *`,
        [patientId, r.householdSize, r.annualIncomeCents, r.reason, by, now],
      );
      if (!rows[0]) throw new ConflictError('a financial assistance request is already being considered');
      return toAssistance(rows[0]);
    },
  };
}

/** Decide on a financial-assistance request (see assistance-status.ts). */
export async function decideAssistance(db: pg.Pool, patientId: string, requestId: string, d: { status: AssistanceStatus; note?: string | undefined }, by: string, now: Date) {
  await moveStatus(db, assistanceStatus, {
    table: 'financial_assistance_requests',
    id: requestId,
    patientId,
    to: d.status,
    what: 'financial assistance request',
    set: { updated_at: now, decided_by: by, ...(d.note ? { decision_note: d.note } : {}) },
  });
  const { rows } = await db.query<AssistanceRow>('SELECT * FROM financial_assistance_requests WHERE id = $1', [requestId]);
  return toAssistance(rows[0]!);
}

interface AssistanceRow {
  id: string;
  household_size: number;
  annual_income_cents: number;
  reason: string;
  status: AssistanceStatus;
  decision_note: string | null;
  created_at: Date;
  updated_at: Date;
}

function toAssistance(r: AssistanceRow) {
  return { id: r.id, householdSize: r.household_size, annualIncomeCents: Number(r.annual_income_cents), reason: r.reason, status: r.status, decisionNote: r.decision_note, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
}
