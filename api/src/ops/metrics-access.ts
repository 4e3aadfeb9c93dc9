import type { Context } from 'hono';
import { ForbiddenError, UnauthenticatedError } from '../../../common/src/errors/index.ts';
import type { AppEnv } from '../http/env.ts';
import { clientAddress } from '../identity/http/client-address.ts';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Whether the request came straight from this host: a loopback TCP peer and no forwarding header.
 * A reverse proxy on the same host also connects from loopback, but it adds X-Forwarded-For or
 * Forwarded, so proxied outside requests do not pass.
 */
export function isDirectLoopback(c: Context): boolean {
  if (c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined) return false;
  return LOOPBACK.test(clientAddress(c, 0));
}

/**
 * Who may scrape /metrics: a Prometheus (or sidecar) on the same host, or an administrator
 * (session, or an admin's API token as Prometheus's bearer credential). Metrics hold no health
 * data, but route latencies and process details still help an attacker.
 *
 * @throws UnauthenticatedError for an anonymous remote caller
 * @throws ForbiddenError for a signed-in user who is not an administrator
 */
export function assertMayReadMetrics(c: Context<AppEnv>): void {
  if (isDirectLoopback(c)) return;
  const p = c.get('principal');
  if (p.kind !== 'user') throw new UnauthenticatedError('metrics are served to loopback or to an administrator');
  if (p.role !== 'admin') throw new ForbiddenError('metrics are for administrators');
}
