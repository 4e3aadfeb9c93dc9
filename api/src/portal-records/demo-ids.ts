/**
 * Fixed ids for the portal-record demo data, so the feature seeds are idempotent (ON CONFLICT DO
 * NOTHING) and tests can name rows. The `8009` group (after migration 0009) keeps them apart from
 * the core seed's ids.
 *
 * @param kind - a number per table (see the seeds), 1–9999
 * @param n - the row's number within the table
 * @example demoId(11, 1) === '00000000-0000-4000-8009-001100000001'
 */
export const demoId = (kind: number, n: number): string => `00000000-0000-4000-8009-${String(kind).padStart(4, '0')}${String(n).padStart(8, '0')}`;
