import type { OpenAPIHono } from '@hono/zod-openapi';

/**
 * How callers authenticate, as OpenAPI security schemes. Routers that name schemes in their
 * routes' `security` register them here, so the document never refers to an undeclared one.
 */
const SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'API token `vt_…` (scopes `<scope>:read|write` or SMART `patient/<Type>.read`)' },
  session: { type: 'apiKey', in: 'cookie', name: 'vitals_session', description: 'Portal session; state-changing requests also need the x-csrf-token header' },
  apiSecret: { type: 'apiKey', in: 'header', name: 'api-secret', description: 'Nightscout: SHA-1 hex of the Nightscout secret' },
  nightscoutToken: { type: 'apiKey', in: 'query', name: 'token', description: 'Nightscout: the secret itself (follower apps)' },
} as const;

export type SchemeName = keyof typeof SCHEMES;

/** Register the named schemes on a router and return the `security` list (any one of them). */
export function securityOf(app: Pick<OpenAPIHono, 'openAPIRegistry'>, names: readonly SchemeName[]): Array<Record<string, string[]>> {
  for (const name of names) app.openAPIRegistry.registerComponent('securitySchemes', name, SCHEMES[name]);
  return names.map((name) => ({ [name]: [] }));
}
