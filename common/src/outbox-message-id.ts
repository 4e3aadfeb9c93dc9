/**
 * The Message-ID of an `email_outbox` row's email, the same on every attempt and from every sender
 * (the alerts email worker, or the API sending a notification at once). SMTP has no idempotency key:
 * a sender that dies after the relay accepted a message, or two senders racing for one row, send it
 * twice, and a stable id lets mail clients and archives drop the repeat (RFC 5322 §3.6.4). The
 * domain is the sender's; both senders' From addresses are normally at the clinic's mail domain.
 */
export function outboxMessageId(outboxId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${outboxId}@${domain}>`;
}
