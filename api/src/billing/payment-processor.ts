/**
 * The port to a card processor (Stripe, Adyen, …). Card details never reach the API: the browser
 * hands them to the processor's own form and sends us only the single-use `token` it returns.
 */
export interface ChargeRequest {
  amountCents: number;
  /** single-use payment token from the processor's client-side form */
  token: string;
  /**
   * The processor must charge at most once per key (processors offer this), so a retry after a
   * lost answer or a crash between charging and committing cannot charge twice.
   */
  idempotencyKey: string;
}

/** A decline is an answer (stored and shown); a transport failure is a thrown error (retry). */
export type ChargeResult = { status: 'succeeded'; reference: string } | { status: 'declined'; reason: string };

export interface PaymentProcessor {
  /**
   * Charge a card once per idempotency key.
   *
   * @throws when the processor cannot be reached or fails: the caller may retry with the same key
   */
  charge(request: ChargeRequest): Promise<ChargeResult>;
}
