import type { Context } from 'hono';

/** The FHIR JSON media type (FHIR R4 §2.6.1 / http.html#mime-type). */
export const FHIR_JSON = 'application/fhir+json';
export const FHIR_NDJSON = 'application/fhir+ndjson';

/** Any FHIR resource as JSON: what the builders return and the routes send. */
export type Resource = { resourceType: string; id?: string } & Record<string, unknown>;

/** Send a resource as `application/fhir+json`. */
export function fhirJson(c: Context, resource: Resource, status: 200 | 201 = 200): Response {
  return c.body(JSON.stringify(resource), status, { 'content-type': `${FHIR_JSON}; charset=utf-8` });
}

/** The server's FHIR base URL (no trailing slash), from the public origin. */
export function fhirBase(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/fhir/R4`;
}
