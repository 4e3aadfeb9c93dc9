/**
 * Who a Nightscout request is for. Nightscout serves one person per site, so every request maps
 * to one patient: through a Nightscout credential (the `api-secret` header or `?token=`), or a
 * signed-in patient (session or `vt_` API token) for their own data. A credential acts as the user
 * who issued it, limited to the patient's readings, so guardPatient still decides and audits.
 */
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError, UnauthenticatedError } from '../../../common/src/errors/index.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { AppEnv } from '../http/env.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { findCredential } from './credentials-repo.ts';
import { credentialHash } from './nightscout-secret.ts';

export type NightscoutAccess = 'read' | 'write';

export type NightscoutSubject =
  | { ok: true; patientId: string; credentialId: string | null; canWrite: boolean }
  | { ok: false; error: UnauthenticatedError | ForbiddenError };

/**
 * Resolve the subject without throwing (verifyauth reports the outcome instead of failing). A
 * credential sets the request's principal to its issuer with the scopes it carries.
 */
export async function findNightscoutSubject(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }): Promise<NightscoutSubject> {
  // Nightscout clients send the secret in `token` or, for the status page, `secret`
  const hash = credentialHash({ apiSecret: c.req.header('api-secret'), token: c.req.query('token') ?? c.req.query('secret') });
  if (hash) {
    const cred = await findCredential(deps.db, hash, deps.clock.now());
    if (!cred) return { ok: false, error: new UnauthenticatedError('the Nightscout api-secret or token is not valid') };
    const principal: UserPrincipal = {
      kind: 'user',
      userId: cred.issuer.userId,
      role: cred.issuer.role,
      clinicId: cred.issuer.clinicId,
      patientId: cred.issuer.patientId,
      via: 'token',
      scopes: new Set(cred.canWrite ? ['readings:read', 'readings:write'] : ['readings:read']),
      mfa: true,
    };
    c.set('principal', principal);
    return { ok: true, patientId: cred.patientId, credentialId: cred.id, canWrite: cred.canWrite };
  }
  const p = c.get('principal');
  if (p.kind !== 'user') return { ok: false, error: new UnauthenticatedError('send the api-secret header (SHA-1 of your Nightscout secret) or ?token=<secret>') };
  if (p.role !== 'patient' || !p.patientId) return { ok: false, error: new ForbiddenError('the Nightscout API serves one patient: use a Nightscout credential issued for the patient') };
  return { ok: true, patientId: p.patientId, credentialId: null, canWrite: true };
}

/**
 * The patient of a Nightscout request, after guardPatient (scope `readings`) allowed it.
 * @throws UnauthenticatedError without valid credentials
 * @throws ForbiddenError when the policy denies (or a read-only credential tries to write)
 */
export async function nightscoutPatient(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }, access: NightscoutAccess, what: 'entries' | 'status'): Promise<string> {
  const s = await findNightscoutSubject(c, deps);
  if (!s.ok) throw s.error;
  const resource = s.credentialId ? `nightscout/${s.credentialId}/${what}` : `nightscout/${what}`;
  await guardPatient(c, deps, s.patientId, 'readings', { action: `nightscout.${what}.${access}`, resource, write: access === 'write' });
  return s.patientId;
}
