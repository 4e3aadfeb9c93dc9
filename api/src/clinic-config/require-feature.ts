import type { Context, MiddlewareHandler } from 'hono';
import type pg from 'pg';
import type { Role, UserPrincipal } from '../auth/principal.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { assertFeatureEnabled, isPortalFeature, type PortalFeature } from './portal-features.ts';

export interface RequireFeatureOptions {
  /**
   * Whom the switch applies to. Portal features are what patients and proxies use; staff keep
   * working when a feature is off (the front desk still books when online scheduling is off).
   * Default: patient and proxy.
   */
  roles?: readonly Role[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The clinic a request is about: the patient's clinic on `/…/patients/:patientId/…` routes (a
 * proxy's own account may belong to no clinic, or another), else the signed-in user's clinic.
 */
async function clinicOfRequest(db: Pick<pg.Pool, 'query'>, c: Context<AppEnv>, p: UserPrincipal): Promise<string | null> {
  const patientId = c.req.param('patientId');
  // a malformed id is left to the route's validation (400), not turned into a SQL error here
  if (patientId && UUID.test(patientId)) {
    const { rows } = await db.query<{ clinic_id: string }>('SELECT clinic_id FROM patients WHERE id = $1', [patientId]);
    return rows[0]?.clinic_id ?? null;
  }
  return p.clinicId;
}

/**
 * Refuse a route with 403 problem+json (`feature-disabled`) when the clinic has switched a portal
 * feature off. Put it after requireUser(); the department level is for the route to check once it
 * knows the department (assertFeatureEnabled).
 *
 * @example createRoute({ …, middleware: [requireUser(), requireFeature('messaging', { db })] })
 * @throws Error at build time for an unknown feature name
 */
export function requireFeature(feature: PortalFeature, deps: { db: Pick<pg.Pool, 'query'> }, opts: RequireFeatureOptions = {}): MiddlewareHandler<AppEnv> {
  if (!isPortalFeature(feature)) throw new Error(`requireFeature: unknown portal feature ${String(feature)}`);
  const roles = opts.roles ?? ['patient', 'proxy'];
  if (roles.length === 0) throw new Error('requireFeature: roles must not be empty');
  return async (c, next) => {
    const p = userOf(c);
    if (roles.includes(p.role)) {
      const clinicId = await clinicOfRequest(deps.db, c, p);
      if (clinicId) await assertFeatureEnabled(deps.db, { clinicId }, feature);
    }
    await next();
  };
}
