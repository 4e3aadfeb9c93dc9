import { describe, expect, it } from 'vitest';
import { createMemoryMailer } from './mailer.ts';
import { passwordResetMessage, proxyGrantedMessage, verifyEmailMessage } from './messages.ts';

describe('identity emails', () => {
  it('put the token in the link fragment, which browsers never send to a server', () => {
    const m = verifyEmailMessage('ann@example.org', 'https://portal.example.org', 'tok_en-1', 24);
    expect(m.text).toContain('https://portal.example.org/verify-email#token=tok_en-1');
    expect(m.text).toContain('24 hours');
    expect(passwordResetMessage('ann@example.org', 'https://portal.example.org/', 'abc', 60).text).toContain('/reset-password#token=abc');
  });

  it('say nothing about the patient in a proxy invitation', () => {
    const m = proxyGrantedMessage('anna@example.org', 'https://portal.example.org');
    expect(m.text).not.toMatch(/Maria|Garcia|MRN|diabet/i);
  });
});

describe('createMemoryMailer', () => {
  it('keeps messages and finds the newest per recipient, case-insensitively', async () => {
    const mailer = createMemoryMailer();
    await mailer.send({ to: 'Ann@example.org', subject: 'one', text: '1' });
    await mailer.send({ to: 'bob@example.org', subject: 'two', text: '2' });
    await mailer.send({ to: 'ann@example.org', subject: 'three', text: '3' });
    expect(mailer.sent).toHaveLength(3);
    expect(mailer.lastTo('ANN@example.org')?.subject).toBe('three');
    expect(mailer.lastTo('nobody@example.org')).toBeUndefined();
  });
});
