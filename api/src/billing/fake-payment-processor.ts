import { randomUUID } from 'node:crypto';
import type { ChargeRequest, ChargeResult, PaymentProcessor } from './payment-processor.ts';

/** Tokens the fake processor understands, like a real processor's test cards. */
export const FAKE_TOKENS = { ok: 'tok_visa', declined: 'tok_declined', unreachable: 'tok_unreachable' } as const;

export interface FakePaymentProcessor extends PaymentProcessor {
  /** Every distinct charge made, oldest first (a repeated idempotency key adds nothing). */
  readonly charges: ReadonlyArray<ChargeRequest & { result: ChargeResult }>;
}

/**
 * A processor that moves no money: for tests and the demo. It behaves like a real one where our
 * code depends on it: one result per idempotency key (the same key with another amount or token
 * is an error), declines for `tok_declined`, and a thrown transport error for `tok_unreachable`.
 *
 * @param opts.latencyMs - delay before answering, to widen race windows in concurrency tests
 */
export function createFakePaymentProcessor(opts: { latencyMs?: number } = {}): FakePaymentProcessor {
  const charges: Array<ChargeRequest & { result: ChargeResult }> = [];
  return {
    charges,
    async charge(request) {
      if (opts.latencyMs) await new Promise((resolve) => setTimeout(resolve, opts.latencyMs));
      if (request.token === FAKE_TOKENS.unreachable) throw new Error('fake processor: connection reset');
      const earlier = charges.find((c) => c.idempotencyKey === request.idempotencyKey);
      if (earlier) {
        if (earlier.amountCents !== request.amountCents || earlier.token !== request.token) throw new Error('fake processor: idempotency key reused with different parameters');
        return earlier.result;
      }
      const result: ChargeResult = request.token === FAKE_TOKENS.declined ? { status: 'declined', reason: 'the card was declined' } : { status: 'succeeded', reference: `fake_ch_${randomUUID()}` };
      charges.push({ ...request, result });
      return result;
    },
  };
}
