import { describe, expect, it } from 'vitest';
import { clinicianEmail, patientEmail, webhookBody } from './messages.ts';

describe('notification texts', () => {
  it('give clinicians the severity and a sign-in link, nothing else', () => {
    expect(clinicianEmail('https://portal.example.org', 'a1', 'urgent', true)).toEqual({
      subject: 'Vitals: urgent alert escalated to you',
      text: 'An unacknowledged urgent alert has been escalated to you.\n\nSign in to see it: https://portal.example.org/alerts/a1\n\nThis message contains no health information by design.\n',
    });
    expect(clinicianEmail('https://portal.example.org/', 'a1', 'high', false).subject).toBe('Vitals: new high alert');
  });

  it('tell an opted-in patient to sign in, and not to wait if unwell', () => {
    const mail = patientEmail('https://portal.example.org');
    expect(mail.subject).toBe('Vitals: your care team has been alerted');
    expect(mail.text).toContain('https://portal.example.org/portal/alerts');
    expect(mail.text).toContain('do not wait');
  });

  it('put the delivery id in the webhook body so receivers can drop duplicates', () => {
    const alert = { id: 'a1', patientId: 'p1', ruleId: 'glucose-low', severity: 'urgent' as const, state: 'open', count: 1, message: 'm', openedAt: 't', latestAt: 't', escalationTier: 0 };
    expect(webhookBody('d1', 'alert.escalated', new Date('2026-06-01T12:00:00Z'), alert, 2)).toEqual({ id: 'd1', type: 'alert.escalated', createdAt: '2026-06-01T12:00:00.000Z', alert, tier: 2 });
  });
});
