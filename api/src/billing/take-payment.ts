import type pg from 'pg';
import { UnavailableError, ValidationError } from '../../../common/src/errors/index.ts';
import { sha256Hex } from '../identity/crypto/primitives.ts';
import { UnprocessableError } from '../portal-records/errors.ts';
import { requestFingerprint, runIdempotent } from './idempotency.ts';
import type { PaymentProcessor } from './payment-processor.ts';
import { billingRepo, type PaymentView } from './repo.ts';

export interface PaymentInput {
  amountCents: number;
  token: string;
  statementId?: string | undefined;
}

/**
 * Take a card payment at most once per Idempotency-Key (see idempotency.ts): retries get the first
 * answer back, a concurrent duplicate waits for it, the same key with another body is a 422.
 * Payments of one patient are serialised so two of them cannot both pass the balance check.
 * The processor gets a key derived from ours, so even a crash between its charge and our commit
 * cannot charge twice when the client retries.
 *
 * @throws ValidationError (400) without an Idempotency-Key
 * @throws NotFoundError for a statement the patient does not have
 * @throws UnprocessableError when the amount exceeds what is due, or the key was used for another request
 * @throws UnavailableError when the processor cannot be reached (retry with the same key)
 */
export async function takePayment(
  deps: { db: pg.Pool; processor: PaymentProcessor },
  p: { patientId: string; userId: string; idempotencyKey: string | undefined; input: PaymentInput; now: Date },
): Promise<{ status: number; body: PaymentView; replayed: boolean }> {
  // an unknown statement is a 404 whatever the key, so it is checked first
  if (p.input.statementId) await billingRepo(deps.db, p.patientId).statementDue(p.input.statementId);
  if (!p.idempotencyKey) throw new ValidationError('payments need an Idempotency-Key header', [{ path: 'Idempotency-Key', message: 'required: a new random value per payment, repeated on retries' }]);
  const owner = `user:${p.userId}`;
  const claim = { owner, key: p.idempotencyKey, fingerprint: requestFingerprint({ patientId: p.patientId, ...p.input }), now: p.now };
  return runIdempotent<PaymentView>(deps.db, claim, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`payments:${p.patientId}`]);
    const repo = billingRepo(tx, p.patientId);
    const due = p.input.statementId ? await repo.statementDue(p.input.statementId) : await repo.balanceCents();
    if (p.input.amountCents > due) {
      throw new UnprocessableError(`the amount is more than the ${due / 100} dollars due`, { errors: [{ path: 'amountCents', message: `at most ${due}` }] });
    }
    const result = await deps.processor.charge({ amountCents: p.input.amountCents, token: p.input.token, idempotencyKey: sha256Hex(`${owner}\n${p.idempotencyKey}`) }).catch((err: unknown) => {
      throw new UnavailableError('the payment service did not answer; try again with the same Idempotency-Key', { cause: err });
    });
    return { status: 201, body: await repo.recordPayment({ statementId: p.input.statementId ?? null, amountCents: p.input.amountCents, paidBy: p.userId, result, now: p.now }) };
  });
}
