import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fillBucketGaps, trendBuckets, type BucketOptions } from './trend-buckets.ts';
import { BucketSize, TrendBucket, TrendSlot } from './schemas.ts';
import { at, HOUR } from './test-helpers.ts';

const berlin = (size: BucketOptions['size']): BucketOptions => ({ size, timeZone: 'Europe/Berlin' });
const span = (b: { start: string; end: string }) => (Date.parse(b.end) - Date.parse(b.start)) / HOUR;

describe('fixed buckets (date_bin, origin 2000-01-03T00:00Z)', () => {
  it('groups 15 minutes and computes the statistics', () => {
    const buckets = trendBuckets(
      [
        { t: at('2026-01-12T10:07:00Z'), v: 100 },
        { t: at('2026-01-12T10:14:59.999Z'), v: 120 },
        { t: at('2026-01-12T10:15:00Z'), v: 90 },
        { t: new Date('2026-01-12T10:44:00Z'), v: 95 },
      ],
      berlin('15m'),
    );
    expect(buckets.map((b) => [b.start, b.count])).toEqual([
      ['2026-01-12T10:00:00.000Z', 2],
      ['2026-01-12T10:15:00.000Z', 1],
      ['2026-01-12T10:30:00.000Z', 1],
    ]);
    // [100, 120], n − 1 = 1: p10 = 100 + 0.1 × 20 = 102, p25 = 105, p50 = 110, p75 = 115, p90 = 118
    const first = buckets[0]!;
    expect(first).toMatchObject({ end: '2026-01-12T10:15:00.000Z', min: 100, max: 120, mean: 110, p25: 105, p50: 110, p75: 115 });
    expect(first.p10).toBeCloseTo(102, 12);
    expect(first.p90).toBeCloseTo(118, 12);
    expect(buckets[1]).toMatchObject({ min: 90, max: 90, mean: 90, p10: 90, p90: 90 });
  });

  it('floors hours, also before the origin', () => {
    expect(trendBuckets([{ t: at('2026-01-12T10:59:59Z'), v: 1 }], berlin('1h'))[0]!.start).toBe('2026-01-12T10:00:00.000Z');
    expect(trendBuckets([{ t: at('1999-12-31T23:30:00Z'), v: 1 }], berlin('1h'))[0]!.start).toBe('1999-12-31T23:00:00.000Z');
  });
});

describe('local day and week buckets', () => {
  it('makes the Berlin spring-forward day a 23-hour bucket', () => {
    const days = trendBuckets(
      [
        { t: at('2026-03-28T23:30:00Z'), v: 1 }, // 00:30 CET on the 29th
        { t: at('2026-03-29T21:59:00Z'), v: 2 }, // 23:59 CEST on the 29th
        { t: at('2026-03-29T22:00:00Z'), v: 3 }, // 00:00 CEST on the 30th
      ],
      berlin('1d'),
    );
    expect(days.map((d) => [d.start, d.end, d.count, span(d)])).toEqual([
      ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 2, 23],
      ['2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z', 1, 24],
    ]);
  });

  it('starts weeks on local Monday', () => {
    // Sun 29 Mar 14:00 CEST belongs to the week of Mon 23 Mar (167 hours long: it loses an hour);
    // Mon 30 Mar 00:30 CEST starts the next one
    const weeks = trendBuckets([{ t: at('2026-03-29T12:00:00Z'), v: 1 }, { t: at('2026-03-29T22:30:00Z'), v: 2 }], berlin('1w'));
    expect(weeks.map((w) => [w.start, span(w)])).toEqual([
      ['2026-03-22T23:00:00.000Z', 167],
      ['2026-03-29T22:00:00.000Z', 168],
    ]);
  });

  it('refuses non-finite values and unknown zones', () => {
    expect(() => trendBuckets([{ t: 0, v: Number.NaN }], berlin('1h'))).toThrow(RangeError);
    expect(() => trendBuckets([], { size: '1d', timeZone: 'Atlantis/Capital' })).toThrow(RangeError);
    expect(() => trendBuckets([], { size: '2h' as never, timeZone: 'UTC' })).toThrow(RangeError);
  });
});

describe('fillBucketGaps', () => {
  it('puts empty slots between buckets and keeps the range half-open', () => {
    const buckets = trendBuckets([{ t: at('2026-01-12T10:20:00Z'), v: 5 }, { t: at('2026-01-12T13:05:00Z'), v: 7 }], berlin('1h'));
    const slots = fillBucketGaps(buckets, { ...berlin('1h'), from: at('2026-01-12T10:30:00Z'), to: at('2026-01-12T14:00:00Z') });
    expect(slots.map((s) => [s.start.slice(11, 16), s.count, s.mean])).toEqual([
      ['10:00', 1, 5],
      ['11:00', 0, null],
      ['12:00', 0, null],
      ['13:00', 1, 7],
    ]);
    expect(slots[1]).toEqual({ start: '2026-01-12T11:00:00.000Z', end: '2026-01-12T12:00:00.000Z', count: 0, min: null, max: null, mean: null, p10: null, p25: null, p50: null, p75: null, p90: null });
  });

  it('walks local days through the New York fall-back: 24, 25, 24 hours', () => {
    const slots = fillBucketGaps([], { size: '1d', timeZone: 'America/New_York', from: at('2026-10-31T04:00:00Z'), to: at('2026-11-03T05:00:00Z') });
    expect(slots.map(span)).toEqual([24, 25, 24]);
  });

  it('refuses ranges that need too many slots', () => {
    expect(() => fillBucketGaps([], { ...berlin('15m'), from: 0, to: at('2026-01-01T00:00:00Z') })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const pointBetween = (from: string, to: string) => fc.record({ t: fc.integer({ min: at(from), max: at(to) }), v: fc.integer({ min: 20, max: 500 }) });
  const point = pointBetween('2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  // two months around the 2026 spring DST changes, so hourly fills stay small
  const nearby = pointBetween('2026-02-15T00:00:00Z', '2026-04-15T00:00:00Z');
  const zone = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC');

  it('puts every point in exactly one ordered, non-overlapping bucket with ordered statistics', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 200 }), fc.constantFrom(...BucketSize.options), zone, (points, size, timeZone) => {
        const buckets = trendBuckets(points, { size, timeZone });
        expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(points.length);
        buckets.forEach((b, i) => {
          TrendBucket.parse(b);
          expect([b.min, b.p10, b.p25, b.p50, b.p75, b.p90, b.max]).toEqual([b.min, b.p10, b.p25, b.p50, b.p75, b.p90, b.max].sort((x, y) => x - y));
          expect(b.mean).toBeGreaterThanOrEqual(b.min);
          expect(b.mean).toBeLessThanOrEqual(b.max);
          if (i > 0) expect(Date.parse(buckets[i - 1]!.end)).toBeLessThanOrEqual(Date.parse(b.start));
        });
        for (const p of points) {
          const holding = buckets.filter((b) => Date.parse(b.start) <= p.t && p.t < Date.parse(b.end));
          expect(holding).toHaveLength(1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fills a covering range with contiguous slots that keep every bucket', () => {
    fc.assert(
      fc.property(fc.array(nearby, { minLength: 1, maxLength: 50 }), fc.constantFrom('1h', '1d', '1w' as const), zone, (points, size, timeZone) => {
        const buckets = trendBuckets(points, { size, timeZone });
        const ts = points.map((p) => p.t);
        const slots = fillBucketGaps(buckets, { size, timeZone, from: Math.min(...ts), to: Math.max(...ts) + 1 });
        slots.forEach((s, i) => {
          TrendSlot.parse(s);
          if (i > 0) expect(slots[i - 1]!.end).toBe(s.start);
        });
        expect(slots.filter((s) => s.count > 0)).toEqual(buckets);
      }),
      { numRuns: 40 },
    );
  });
});
