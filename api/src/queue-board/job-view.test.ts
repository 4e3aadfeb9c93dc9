import { describe, expect, it } from 'vitest';
import { FAILED_REASON_MAX, jobSummary, safeFailedReason } from './job-view.ts';

const base = { id: 'email-42', name: 'send', timestamp: Date.UTC(2026, 5, 1, 12), attemptsMade: 2, opts: { attempts: 5 } };

describe('jobSummary', () => {
  it('shows ids, timings and attempts, and nothing of the job data', () => {
    const s = jobSummary({ ...base, data: { to: 'maria@example.org', body: 'glucose 312' }, processedOn: base.timestamp + 1000, finishedOn: base.timestamp + 2000, failedReason: 'SMTP 451' } as typeof base, 'failed');
    expect(s).toEqual({
      id: 'email-42',
      name: 'send',
      state: 'failed',
      createdAt: '2026-06-01T12:00:00.000Z',
      runAt: null,
      processedAt: '2026-06-01T12:00:01.000Z',
      finishedAt: '2026-06-01T12:00:02.000Z',
      attemptsMade: 2,
      maxAttempts: 5,
      failedReason: 'SMTP 451',
    });
    expect(JSON.stringify(s)).not.toContain('maria');
  });

  it('gives a delayed job its due time, and one attempt when none were set', () => {
    const s = jobSummary({ ...base, opts: {}, delay: 60_000 }, 'delayed');
    expect(s.runAt).toBe('2026-06-01T12:01:00.000Z');
    expect(s.maxAttempts).toBe(1);
    expect(jobSummary({ ...base, opts: { attempts: 0 } }, 'failed').maxAttempts).toBe(1);
    expect(jobSummary({ ...base, delay: 60_000 }, 'waiting').runAt).toBeNull();
  });
});

describe('safeFailedReason', () => {
  it('hides email addresses a delivery error may quote', () => {
    expect(safeFailedReason('550 mailbox <maria.garcia@example.org> unavailable')).toBe('550 mailbox <[address]> unavailable');
  });

  it('caps long texts and keeps short ones', () => {
    expect(safeFailedReason('x'.repeat(1000))).toHaveLength(FAILED_REASON_MAX);
    expect(safeFailedReason('timeout')).toBe('timeout');
    expect(safeFailedReason(undefined)).toBeNull();
    expect(safeFailedReason('')).toBeNull();
  });
});
