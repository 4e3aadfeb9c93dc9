import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

const secret = 'a'.repeat(32);
const body = '{"id":"d1","type":"alert.opened"}';
const now = new Date('2026-06-01T12:00:00Z');
const ts = now.getTime() / 1000;

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const hex = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${hex}`);
  });

  it('verifies a fresh, untouched delivery', () => {
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: signWebhook(secret, ts, body) }, body, now)).toBe(true);
  });

  it.each([
    ['another body', { timestamp: String(ts), signature: signWebhook(secret, ts, body) }, body.replace('d1', 'd2')],
    ['another secret', { timestamp: String(ts), signature: signWebhook('b'.repeat(32), ts, body) }, body],
    ['a moved timestamp', { timestamp: String(ts + 1), signature: signWebhook(secret, ts, body) }, body],
    ['an old delivery', { timestamp: String(ts - 301), signature: signWebhook(secret, ts - 301, body) }, body],
    ['no signature', { timestamp: String(ts), signature: null }, body],
  ])('refuses %s', (_what, headers, received) => {
    expect(verifyWebhook(secret, headers, received, now)).toBe(false);
  });
});
