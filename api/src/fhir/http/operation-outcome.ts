import type { MiddlewareHandler } from 'hono';
import { FHIR_JSON, type Resource } from './fhir-response.ts';

/** OperationOutcome.issue.code for an HTTP status (FHIR R4 valueset issue-type). */
const ISSUE_CODE: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
  503: 'transient',
};

interface ProblemLike {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: Array<{ path: string; message: string }>;
}

/**
 * An OperationOutcome for an error: one issue per validation error (the parameter in
 * `expression`), else one issue carrying the problem's detail.
 */
export function errorOutcome(p: ProblemLike): Resource {
  const code = ISSUE_CODE[p.status] ?? 'exception';
  const issues = p.errors?.length
    ? p.errors.map((e) => ({ severity: 'error', code, diagnostics: e.message, expression: [e.path] }))
    : [{ severity: p.status >= 500 ? 'fatal' : 'error', code, diagnostics: p.detail ?? p.title ?? 'error', ...(p.code ? { details: { text: p.code } } : {}) }];
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** An informational OperationOutcome, e.g. a search that left part of the record out. */
export function infoOutcome(diagnostics: string, code = 'informational'): Resource {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code, diagnostics }] };
}

/**
 * Errors under `/fhir/` are OperationOutcomes, not problem+json. Routes keep throwing the
 * platform's typed errors and the one error handler still renders them (conventions §6); this
 * middleware, mounted before authentication, rewrites any problem+json response on its way out,
 * so failures raised before the FHIR router runs (a bad bearer token, the CSRF check, the body
 * limit, an unknown path) are OperationOutcomes too.
 */
export function fhirOutcomeBoundary(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('application/problem+json')) return;
    const problem = (await c.res.json()) as ProblemLike;
    // RFC 6750 §3: a 401 tells the client how to authenticate.
    const challenge: Record<string, string> = c.res.status === 401 ? { 'www-authenticate': 'Bearer realm="vitals-fhir"' } : {};
    // Hono carries the other headers of the replaced response (retry-after, …) over.
    c.res = new Response(JSON.stringify(errorOutcome({ ...problem, status: c.res.status })), { status: c.res.status, headers: { 'content-type': `${FHIR_JSON}; charset=utf-8`, ...challenge } });
  };
}
