import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketScheme, everySlot, wholeBuckets } from './bucket-scheme.ts';
import type { BucketSize } from './stats/schemas.ts';
import { fillBucketGaps, trendBuckets } from './stats/trend-buckets.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('bucket schemes', () => {
  it('give the buckets the pure statistics make, for every size and zone', () => {
    const size = fc.constantFrom<BucketSize>('15m', '1h', '1d', '1w');
    const zone = fc.constantFrom('America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC');
    const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) });
    fc.assert(
      fc.property(size, zone, instant, (s, z, t) => {
        const slot = bucketScheme(s, z).slotOf(t);
        const bucket = trendBuckets([{ t, v: 0 }], { size: s, timeZone: z })[0]!;
        expect([iso(slot.start), iso(slot.end)]).toEqual([bucket.start, bucket.end]);
        expect(bucketScheme(s, z).slotOfKey(slot.key)).toEqual(slot);
      }),
      { numRuns: 400 },
    );
  });

  it('walk day by day through two years of DST changes exactly, in zones that shift at 02:00, at midnight, or by 30 minutes', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana', 'Asia/Tehran', 'Pacific/Apia']) {
      for (const size of ['1d', '1w'] as const) {
        const scheme = bucketScheme(size, zone);
        const from = Date.parse('2025-01-01T12:00:00Z');
        const to = Date.parse('2027-01-01T12:00:00Z');
        const { first, last } = wholeBuckets(scheme, from, to);
        const walked = everySlot(scheme, first, last).map((s) => ({ start: iso(s.start), end: iso(s.end) }));
        const pure = fillBucketGaps([], { size, timeZone: zone, from, to }).map((s) => ({ start: s.start, end: s.end }));
        expect(walked, `${zone} ${size}`).toEqual(pure);
      }
    }
  });

  it('key local days by date and fixed buckets by epoch milliseconds', () => {
    const t = Date.parse('2026-03-08T12:00:00Z');
    expect(bucketScheme('1d', 'America/New_York').slotOf(t)).toEqual({ key: '2026-03-08', start: Date.parse('2026-03-08T05:00:00Z'), end: Date.parse('2026-03-09T04:00:00Z') });
    expect(bucketScheme('1w', 'America/New_York').slotOf(t).key).toBe('2026-03-02');
    expect(bucketScheme('1h', 'America/New_York').slotOf(t).key).toBe(String(t));
  });

  it('widen a range to whole buckets, the last being the one before `to`', () => {
    const scheme = bucketScheme('1d', 'Europe/Berlin');
    const { first, last } = wholeBuckets(scheme, Date.parse('2026-05-10T10:00:00Z'), Date.parse('2026-05-12T22:00:00Z'));
    expect([first.key, last.key]).toEqual(['2026-05-10', '2026-05-12']);
    expect(wholeBuckets(scheme, Date.parse('2026-05-10T10:00:00Z'), Date.parse('2026-05-12T22:00:01Z')).last.key).toBe('2026-05-13');
  });
});
