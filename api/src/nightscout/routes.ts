import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { continueOrStartTrace } from '../../../common/src/trace-context.ts';
import { createRouter } from '../http/openapi-app.ts';
import { securityOf } from '../openapi-docs/security-schemes.ts';
import { loadPatientContext } from '../trends/patient-context.ts';
import { resolveTargets } from '../trends/stats/glucose-ranges.ts';
import { nightscoutCredentialRoutes } from './credential-routes.ts';
import { NightscoutEntry, toEntries, UploadBody, type SgvRow } from './entries.ts';
import { sgvReadings, type EntriesQuery } from './entries-repo.ts';
import { findNightscoutSubject, nightscoutPatient } from './nightscout-subject.ts';
import { storeEntries, type StoreEntriesDeps } from './store-entries.ts';

export interface NightscoutRouteDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** The public origin, for the uploader URL shown with a new credential. */
  publicUrl: string;
  onCommitted?: StoreEntriesDeps['onCommitted'];
}

/** The Nightscout API level these routes follow; clients compare it with the versions they need. */
export const NIGHTSCOUT_API_VERSION = '14.2.6';
const DEFAULT_COUNT = 10;
const MAX_COUNT = 10_000;
/** Without a date criterion Nightscout looks back two days (lib/server/query.js). */
const DEFAULT_WINDOW_MS = 2 * 86_400_000;

const tags = ['nightscout'];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const Entries = z.array(NightscoutEntry);
const instant = z.union([z.coerce.number(), z.string()]).optional();

const ListQuery = z.object({
  count: z.coerce.number().int().min(1).max(MAX_COUNT).default(DEFAULT_COUNT).openapi({ description: `Entries to return, newest first (default ${DEFAULT_COUNT})` }),
  'find[date][$gte]': instant,
  'find[date][$gt]': instant,
  'find[date][$lte]': instant,
  'find[date][$lt]': instant,
  'find[dateString][$gte]': instant,
  'find[dateString][$lte]': instant,
  'find[type]': z.string().optional().openapi({ description: 'Only sgv is served' }),
  // `?token=` is authentication, documented as the nightscoutToken security scheme, not a parameter
});
type ListQuery = z.infer<typeof ListQuery>;

const SpecParams = z.object({ spec: z.string().regex(/^(sgv|[0-9a-f]{24})(\.json)?$/, 'sgv, or an entry _id').openapi({ param: { name: 'spec', in: 'path' } }) });

const StatusResponse = z
  .object({
    status: z.literal('ok'),
    name: z.string(),
    version: z.string(),
    serverTime: z.string(),
    serverTimeEpoch: z.number(),
    apiEnabled: z.boolean(),
    careportalEnabled: z.boolean(),
    boluscalcEnabled: z.boolean(),
    settings: z.object({ units: z.literal('mg/dl'), timeFormat: z.number(), customTitle: z.string(), enable: z.array(z.string()), thresholds: z.object({ bgHigh: z.number(), bgTargetTop: z.number(), bgTargetBottom: z.number(), bgLow: z.number() }) }),
    extendedSettings: z.object({}),
    authorized: z.null(),
  })
  .openapi('NightscoutStatus');

const VerifyAuth = z
  .object({ status: z.literal(200), message: z.object({ canRead: z.boolean(), canWrite: z.boolean(), isAdmin: z.boolean(), message: z.enum(['OK', 'UNAUTHORIZED']), rolefound: z.enum(['FOUND', 'NOTFOUND']), permissions: z.enum(['ROLE', 'DEFAULT']) }) })
  .openapi('NightscoutVerifyAuth');

/** A Nightscout time bound: epoch ms, or an ISO 8601 date (`find[dateString]`). */
const epoch = (v: number | string | undefined) => (v === undefined ? undefined : typeof v === 'number' && Number.isFinite(v) ? v : Date.parse(String(v)) || undefined);

function entriesQuery(patientId: string, q: ListQuery, now: Date, id?: string): EntriesQuery {
  const bounds = { gte: epoch(q['find[date][$gte]']) ?? epoch(q['find[dateString][$gte]']), gt: epoch(q['find[date][$gt]']), lte: epoch(q['find[date][$lte]']) ?? epoch(q['find[dateString][$lte]']), lt: epoch(q['find[date][$lt]']) };
  const unbounded = Object.values(bounds).every((b) => b === undefined) && !id;
  return { patientId, ...bounds, ...(unbounded ? { gte: now.getTime() - DEFAULT_WINDOW_MS } : {}), count: id ? 1 : q.count, id };
}

/** Both spellings Nightscout clients use, with and without `.json`. */
const withJson = (path: string) => [path, `${path}.json`];

/**
 * Nightscout API v1, the subset CGM uploaders and follower apps use (docs/nightscout.md): read and
 * post sgv entries, the latest entry, the status, and verifyauth. Entries are the patient's CGM
 * readings, from BLE CGMs and uploaders alike. Also mounts the credential management routes.
 */
export function nightscoutRoutes(deps: NightscoutRouteDeps) {
  const app = createRouter();
  app.route('/', nightscoutCredentialRoutes(deps));
  const security = securityOf(app, ['apiSecret', 'nightscoutToken', 'bearer', 'session']);

  const list = async (patientId: string, q: ListQuery, id?: string) => {
    if (q['find[type]'] && q['find[type]'] !== 'sgv') return [];
    const { rows, older } = await sgvReadings(deps.db, entriesQuery(patientId, q, deps.clock.now(), id));
    return toEntries(rows, older);
  };

  for (const path of withJson('/api/v1/entries')) {
    app.openapi(createRoute({ method: 'get', path, tags, security, summary: 'Sensor glucose entries, newest first', request: { query: ListQuery }, responses: { 200: json(Entries, 'entries') } }), async (c) => {
      const patientId = await nightscoutPatient(c, deps, 'read', 'entries');
      return c.json(await list(patientId, c.req.valid('query')), 200);
    });
    app.openapi(
      createRoute({
        method: 'post',
        path,
        tags,
        security,
        summary: 'Upload entries (xDrip+, Loop, AndroidAPS): sgv entries are stored, others ignored',
        description: 'Stored through the same validation and dedupe as MQTT readings: resending is harmless; implausible values become dead letters.',
        request: { body: { content: { 'application/json': { schema: UploadBody } } } },
        responses: { 200: json(Entries, 'the sgv entries accepted (stored now or before)') },
      }),
      async (c) => {
        const patientId = await nightscoutPatient(c, deps, 'write', 'entries');
        const body = c.req.valid('json');
        const stored = await storeEntries(deps, patientId, Array.isArray(body) ? body : [body], continueOrStartTrace(c.req.header('traceparent')));
        const rows: SgvRow[] = stored.accepted
          .map((r) => ({ readingId: r.id, date: Date.parse(r.measuredAt), value: r.values[0]!.value, device: String(r.context?.uploader ?? 'nightscout'), direction: (r.context?.direction as string | undefined) ?? null, noise: (r.context?.noise as number | undefined) ?? null }))
          .sort((a, b) => b.date - a.date);
        return c.json(toEntries(rows), 200);
      },
    );
  }

  for (const path of withJson('/api/v1/entries/current')) {
    app.openapi(createRoute({ method: 'get', path, tags, security, summary: 'The latest sensor glucose entry (an array of one)', responses: { 200: json(Entries, 'the latest entry') } }), async (c) => {
      const patientId = await nightscoutPatient(c, deps, 'read', 'entries');
      return c.json(await list(patientId, ListQuery.parse({ count: 1 })), 200);
    });
  }

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/entries/{spec}', tags, security, summary: 'Entries of a type (sgv), or one entry by _id', request: { params: SpecParams, query: ListQuery }, responses: { 200: json(Entries, 'entries') } }),
    async (c) => {
      const patientId = await nightscoutPatient(c, deps, 'read', 'entries');
      const spec = c.req.valid('param').spec.replace(/\.json$/, '');
      return c.json(await list(patientId, c.req.valid('query'), spec === 'sgv' ? undefined : spec), 200);
    },
  );

  for (const path of withJson('/api/v1/status')) {
    app.openapi(createRoute({ method: 'get', path, tags, security, summary: 'Server status and settings (units, glucose thresholds)', responses: { 200: json(StatusResponse, 'status') } }), async (c) => {
      const patientId = await nightscoutPatient(c, deps, 'read', 'status');
      const t = resolveTargets((await loadPatientContext(deps.db, patientId)).glucoseTargets);
      const now = deps.clock.now();
      return c.json(
        {
          status: 'ok' as const,
          name: 'vitals',
          version: NIGHTSCOUT_API_VERSION,
          serverTime: now.toISOString(),
          serverTimeEpoch: now.getTime(),
          apiEnabled: true,
          careportalEnabled: false,
          boluscalcEnabled: false,
          settings: { units: 'mg/dl' as const, timeFormat: 24, customTitle: 'Vitals', enable: [], thresholds: { bgHigh: t.veryHighAbove, bgTargetTop: t.highAbove, bgTargetBottom: t.lowBelow, bgLow: t.veryLowBelow } },
          extendedSettings: {},
          authorized: null,
        },
        200,
      );
    });
  }

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/verifyauth', tags, security, summary: 'Whether the credentials sent are valid and what they allow (never fails)', responses: { 200: json(VerifyAuth, 'the outcome') } }),
    async (c) => {
      const s = await findNightscoutSubject(c, deps);
      const ok = s.ok;
      return c.json({ status: 200 as const, message: { canRead: ok, canWrite: ok && s.canWrite, isAdmin: false, message: ok ? ('OK' as const) : ('UNAUTHORIZED' as const), rolefound: ok ? ('FOUND' as const) : ('NOTFOUND' as const), permissions: 'ROLE' as const } }, 200);
    },
  );
  return app;
}
