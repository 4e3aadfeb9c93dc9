/**
 * What every trends route shares: its dependencies, OpenAPI helpers, and the access step of the
 * patient routes (guard, audit, then the patient's trend context).
 */
import { createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import type { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { PatientParams } from './http-schemas.ts';
import { loadPatientContext, type PatientTrendContext } from './patient-context.ts';
import { resolvePeriod, type Period, type PeriodRule } from './period.ts';
import { localCalendar } from './stats/time-zone.ts';

export interface TrendRouteDeps {
  db: pg.Pool;
  clock: Clock;
}

export type Router = ReturnType<typeof createRouter>;

export const TAGS = ['trends'];

/** A JSON response for createRoute. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/**
 * A `GET /v1/patients/{patientId}/…` route for any signed-in user (guardPatient then decides):
 * path parameter, query schema and one JSON response, described for OpenAPI.
 */
export function patientGetRoute<P extends string, Q extends z.ZodObject, R extends z.ZodType>(route: { path: P; summary: string; description: string; query: Q; response: R }) {
  return createRoute({
    method: 'get',
    path: route.path,
    tags: TAGS,
    summary: route.summary,
    description: route.description,
    middleware: [requireUser()] as const,
    request: { params: PatientParams, query: route.query },
    responses: { 200: json(route.response, route.summary) },
  });
}

/**
 * The one access check of a patient route: guardPatient with scope `readings` (it writes the audit
 * entry, denials included), then what the queries need to know about the patient.
 *
 * @throws ForbiddenError when the caller may not read the patient's readings
 * @throws NotFoundError when there is no such patient
 */
export async function readingsAccess(c: Context<AppEnv>, deps: TrendRouteDeps, patientId: string, audit: { action: string; resource: string }): Promise<PatientTrendContext> {
  await guardPatient(c, deps, patientId, 'readings', audit);
  return loadPatientContext(deps.db, patientId);
}

/**
 * readingsAccess, then the request's period in the patient's local days (period.ts).
 *
 * @throws ValidationError for a period the rule refuses (after the access check, so a caller
 *   without access learns nothing from a 400)
 */
export async function readingsAccessForPeriod(
  c: Context<AppEnv>,
  deps: TrendRouteDeps,
  patientId: string,
  audit: { action: string; resource: string },
  query: { from?: string | undefined; to?: string | undefined },
  rule: PeriodRule,
): Promise<{ ctx: PatientTrendContext; period: Period }> {
  const ctx = await readingsAccess(c, deps, patientId, audit);
  return { ctx, period: resolvePeriod(query, rule, localCalendar(ctx.timeZone), deps.clock.now()) };
}
