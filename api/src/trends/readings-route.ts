import { decodeCursor, encodeCursor } from './cursor.ts';
import { ReadingsPage, ReadingsQuery } from './http-schemas.ts';
import type { PeriodRule } from './period.ts';
import { readingsPage, type ReadingRow } from './readings-repo.ts';
import { patientGetRoute, readingsAccessForPeriod, type Router, type TrendRouteDeps } from './route-kit.ts';

/** Default: today so far; at most a year per query (page through it with the cursor). */
export const READINGS_PERIOD: PeriodRule = { defaultDays: 1, maxDays: 366, defaultTo: 'now' };

const route = patientGetRoute({
  path: '/v1/patients/{patientId}/readings',
  summary: 'Raw readings of one metric, cursor-paginated',
  description:
    'Readings in `[from, to)` ordered by measurement time, then reading id. Pass `nextCursor` as `cursor` with the same metric, order, from and to for the next page.',
  query: ReadingsQuery,
  response: ReadingsPage,
});

const toReading = (r: ReadingRow) => ({
  readingId: r.reading_id,
  measuredAt: r.measured_at.toISOString(),
  receivedAt: r.received_at.toISOString(),
  value: r.value,
  unit: r.unit,
  originalValue: r.original_value,
  originalUnit: r.original_unit,
  deviceId: r.device_id,
  characteristic: r.characteristic,
  flags: r.flags ?? [],
  context: r.context,
});

/** GET /v1/patients/{patientId}/readings */
export function registerReadingsRoute(app: Router, deps: TrendRouteDeps): void {
  app.openapi(route, async (c) => {
    const { patientId } = c.req.valid('param');
    const q = c.req.valid('query');
    const { period } = await readingsAccessForPeriod(c, deps, patientId, { action: 'readings.read', resource: `readings/${q.metric}` }, q, READINGS_PERIOD);
    const after = q.cursor ? decodeCursor(q.cursor, q) : null;
    const page = await readingsPage(deps.db, { patientId, metric: q.metric, period, limit: q.limit, order: q.order, after });
    const last = page.rows.at(-1);
    const nextCursor = page.more && last ? encodeCursor({ t: last.exact_at, id: last.reading_id, metric: q.metric, order: q.order }) : null;
    return c.json({ metric: q.metric, items: page.rows.map(toReading), nextCursor }, 200);
  });
}
