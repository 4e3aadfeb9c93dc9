/**
 * The statistics promise to agree with the SQL a repository will run: this checks them against
 * PostgreSQL itself, with read-only queries over literal arrays (no tables, no migrations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { ADMIN_URL } from '../../../../test/support/test-db.ts';
import { mean, percentile, percentiles, sampleSd } from './percentile.ts';
import { trendBuckets } from './trend-buckets.ts';
import { localDateOf } from './time-zone.ts';
import { at } from './test-helpers.ts';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

// −0 becomes "0" on its way to PostgreSQL (String(−0) is "0"), so send +0 for both.
const double = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
const values = fc.array(double, { minLength: 1, maxLength: 80 });
const fractions = [0, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.75, 0.9, 0.95, 1];

describe('agreement with PostgreSQL', () => {
  it('percentile_cont, to the last bit', async () => {
    await fc.assert(
      fc.asyncProperty(values, fc.double({ min: 0, max: 1, noNaN: true }), async (xs, p) => {
        const { rows } = await client.query<{ one: number; many: number[] }>(
          `SELECT percentile_cont($2::float8) WITHIN GROUP (ORDER BY x) AS one,
                  percentile_cont($3::float8[]) WITHIN GROUP (ORDER BY x) AS many
             FROM unnest($1::float8[]) AS x`,
          [xs, p, fractions],
        );
        expect(percentile(xs, p)).toBe(rows[0]!.one);
        expect(percentiles(xs, fractions)).toEqual(rows[0]!.many);
      }),
      { numRuns: 60 },
    );
  });

  it('avg and stddev_samp, to rounding', async () => {
    await fc.assert(
      fc.asyncProperty(values, async (xs) => {
        const { rows } = await client.query<{ avg: number; sd: number | null }>(
          'SELECT avg(x) AS avg, stddev_samp(x) AS sd FROM unnest($1::float8[]) AS x',
          [xs],
        );
        const scale = Math.max(1, ...xs.map(Math.abs));
        expect(Math.abs(mean(xs)! - rows[0]!.avg)).toBeLessThanOrEqual(1e-9 * scale);
        if (rows[0]!.sd === null) expect(sampleSd(xs)).toBeNull();
        else expect(Math.abs(sampleSd(xs)! - rows[0]!.sd)).toBeLessThanOrEqual(1e-9 * scale);
      }),
      { numRuns: 40 },
    );
  });

  it('date_bin, date_trunc in the patient zone, and local dates', async () => {
    const zone = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata');
    // instants near the 2026 DST changes of both zones, and anywhere in 2025–2027
    const near = (iso: string) => fc.integer({ min: at(iso) - 2 * 86_400_000, max: at(iso) + 2 * 86_400_000 });
    const instant = fc.oneof(near('2026-03-08T07:00:00Z'), near('2026-03-29T01:00:00Z'), near('2026-11-01T06:00:00Z'), near('2026-10-25T01:00:00Z'), fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }));
    await fc.assert(
      fc.asyncProperty(instant, zone, async (t, timeZone) => {
        const { rows } = await client.query<{ q: Date; h: Date; d: Date; w: Date; local: string }>(
          `SELECT date_bin('15 minutes', $1::timestamptz, '2000-01-03T00:00:00Z') AS q,
                  date_bin('1 hour', $1::timestamptz, '2000-01-03T00:00:00Z') AS h,
                  date_trunc('day', $1::timestamptz, $2) AS d,
                  date_trunc('week', $1::timestamptz, $2) AS w,
                  to_char(($1::timestamptz AT TIME ZONE $2), 'YYYY-MM-DD') AS local`,
          [new Date(t).toISOString(), timeZone],
        );
        const row = rows[0]!;
        const start = (size: '15m' | '1h' | '1d' | '1w') => trendBuckets([{ t, v: 0 }], { size, timeZone })[0]!.start;
        expect([start('15m'), start('1h'), start('1d'), start('1w')]).toEqual([row.q, row.h, row.d, row.w].map((x) => x.toISOString()));
        expect(localDateOf(t, timeZone)).toBe(row.local);
      }),
      { numRuns: 150 },
    );
  });
});
