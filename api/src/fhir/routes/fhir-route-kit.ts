/**
 * What the FHIR routes share: their OpenAPI description (FHIR resources are described by the
 * CapabilityStatement and the FHIR specification, so the schemas here stay generic), the path id
 * parameter, and the search flow (parse, subject, cursor, page, Bundle).
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireUser } from '../../auth/require.ts';
import type { AppEnv } from '../../http/env.ts';
import { securityOf } from '../../openapi-docs/security-schemes.ts';
import type { createRouter } from '../../http/openapi-app.ts';
import type { SmartInteraction } from '../../policy/smart-scopes.ts';
import { requireSmartScope, searchSubject, type FhirRouteDeps } from '../fhir-access.ts';
import { FHIR_JSON, fhirBase, fhirJson, type Resource } from '../http/fhir-response.ts';
import { decodePageCursor, encodePageCursor, searchFingerprint, type Keyset } from '../search/page-cursor.ts';
import { COMMON_PARAMS, parseSearch, type ParsedSearch, type SearchParamSpec, type SearchSpec } from '../search/search-request.ts';
import { searchsetBundle } from '../search/searchset-bundle.ts';

export type FhirRouter = ReturnType<typeof createRouter>;

/** A FHIR logical id (R4 datatypes.html#id). */
export const FhirIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: letters, digits, - and ., at most 64').openapi({ param: { name: 'id', in: 'path' } }) });

const OUTCOME = { description: 'OperationOutcome (400, 401, 403, 404)', content: { [FHIR_JSON]: { schema: { type: 'object' as const, description: 'FHIR R4 OperationOutcome' } } } };
const fhirContent = (what: string) => ({ [FHIR_JSON]: { schema: { type: 'object' as const, description: `FHIR R4 ${what} (https://hl7.org/fhir/R4/)` } } });

export interface FhirGetOptions {
  path: string;
  summary: string;
  description?: string;
  returns: string;
  /** Search parameters, described here but parsed by the route (FHIR search semantics). */
  query?: readonly SearchParamSpec[];
  /** Operation parameters, validated by the route with validQuery (a 400 OperationOutcome when wrong). */
  querySchema?: z.ZodObject;
  withId?: boolean;
  /** No sign-in needed (the CapabilityStatement). */
  open?: boolean;
  /**
   * The SMART scope a token needs (requireSmartScope): by default the path's resource type, read
   * with an id and search without; `in-route` for a route that checks each type it returns.
   */
  smart?: { type: string; interaction: SmartInteraction } | 'in-route';
  contentType?: string;
}

/**
 * Register a FHIR GET route: documented in the OpenAPI registry, handled by a plain Hono route.
 * FHIR handlers answer with FHIR bodies rather than the typed JSON of `app.openapi`, and parse
 * their own parameters (FHIR search syntax), so only the description comes from zod-openapi.
 */
export function fhirGet(app: FhirRouter, o: FhirGetOptions, handler: (c: Context<AppEnv>) => Promise<Response> | Response): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: o.path,
    tags: ['fhir'],
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    request: { ...(o.withId ? { params: FhirIdParams } : {}), ...(o.querySchema ? { query: o.querySchema } : {}) },
    ...(o.query ? { parameters: o.query.map((p) => ({ name: p.name, in: 'query' as const, required: false, description: `${p.type}: ${p.description}`, schema: { type: 'string' as const } })) } : {}),
    ...(o.open ? {} : { security: securityOf(app, ['bearer', 'session']) }),
    responses: {
      200: { description: o.returns, content: o.contentType ? { [o.contentType]: { schema: { type: 'string', description: o.returns } } } : fhirContent(o.returns) },
      default: OUTCOME,
    },
  });
  const honoPath = o.path.replace(/\{(\w+)\}/g, ':$1');
  if (o.open) {
    app.get(honoPath, handler);
    return;
  }
  const smart = o.smart ?? { type: o.path.split('/')[3]!, interaction: o.withId ? 'read' : 'search' };
  app.get(honoPath, requireUser(), async (c) => {
    if (smart !== 'in-route') requireSmartScope(c, smart.type, smart.interaction);
    return handler(c);
  });
}

/** The validated `{id}` of a FHIR read. @throws ZodError (rendered as a 400 OperationOutcome) */
export const validId = (c: Context<AppEnv>) => FhirIdParams.parse(c.req.param()).id;

/** The validated operation parameters. @throws ZodError (rendered as a 400 OperationOutcome) */
export const validQuery = <Q extends z.ZodObject>(c: Context<AppEnv>, schema: Q): z.infer<Q> => schema.parse(c.req.query());

/** Search parameters plus the common ones, for the OpenAPI description. */
export const withCommon = (spec: SearchSpec) => [...spec.params, ...COMMON_PARAMS.filter((p) => p.name !== '_sort' || spec.sorts.length > 0)];

/** One match of a page and its keyset position. */
export interface PageItem {
  resource: Resource;
  at: string;
  id: string;
}

export interface PageResult {
  items: PageItem[];
  total: number | undefined;
  outcome?: Resource | undefined;
}

/**
 * Run a per-patient search: parse the query, find the patient, decode the cursor, fetch one more
 * than `_count` (to know whether a next page exists) and answer with a searchset Bundle.
 * @param page - checks access (guardPatient) and reads the page; called with `limit` = count + 1
 */
export async function patientSearch(
  c: Context<AppEnv>,
  deps: FhirRouteDeps,
  resourceType: string,
  spec: SearchSpec,
  page: (q: { patientId: string; search: ParsedSearch; after: Keyset | null; limit: number }) => Promise<PageResult>,
): Promise<Response> {
  const search = parseSearch(c.req.queries(), spec, c.req.header('prefer'));
  const patientId = searchSubject(c, search);
  const base = fhirBase(deps.publicUrl);
  if (patientId === null) return fhirJson(c, searchsetBundle({ base, resourceType, used: search.used, total: search.withTotal ? 0 : undefined, matches: [] }));
  return answerPage(c, { base, resourceType, search, fingerprint: searchFingerprint(resourceType, patientId, search.used) }, (after, limit) => page({ patientId, search, after, limit }));
}

/** The paging half of a search, shared with searches that are not per patient (Patient). */
export async function answerPage(
  c: Context,
  q: { base: string; resourceType: string; search: ParsedSearch; fingerprint: string },
  page: (after: Keyset | null, limit: number) => Promise<PageResult>,
): Promise<Response> {
  const after = q.search.cursor ? decodePageCursor(q.search.cursor, q.fingerprint) : null;
  const result = await page(after, q.search.count + 1);
  const items = result.items.slice(0, q.search.count);
  const last = items.at(-1);
  const nextCursor = result.items.length > q.search.count && last ? encodePageCursor(last, q.fingerprint) : undefined;
  return fhirJson(c, searchsetBundle({ base: q.base, resourceType: q.resourceType, used: q.search.used, total: result.total, matches: items.map((i) => i.resource), nextCursor, outcome: result.outcome }));
}
