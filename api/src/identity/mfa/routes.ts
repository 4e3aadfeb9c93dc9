import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ConflictError, UnauthenticatedError, ValidationError } from '../../../../common/src/errors/index.ts';
import { auditEvent } from '../../audit/audit-event.ts';
import type { AppEnv } from '../../http/env.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { consumeRecoveryCode, generateRecoveryCodes, hashRecoveryCode } from '../crypto/recovery-codes.ts';
import { openSecret, sealSecret } from '../crypto/secret-box.ts';
import { generateTotpSecret, totpUri, verifyTotp } from '../crypto/totp.ts';
import { CsrfToken, PendingTerms, UserView, jsonBody, jsonResponse } from '../http/schemas.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { completeSignIn } from '../login/complete-sign-in.ts';
import { ACCOUNT_LOCKED, accountKey } from '../login/password-check.ts';
import { sessionUser, type SessionUser } from '../sessions/session-user.ts';
import { inTransaction } from '../transaction.ts';
import { refuseWhileLocked, type Throttle } from '../throttle/throttle.ts';
import { mfaState, userView } from '../users/repo.ts';
import { claimTotpStep, enableTotp, replaceRecoveryCodes, resealTotpSecret, savePendingTotpSecret, spendRecoveryCode, unusedRecoveryHashes } from './repo.ts';

/** Issuer shown in authenticator apps. */
const TOTP_ISSUER = 'Vitals';

const CodeBody = z.object({ code: z.string().min(6).max(40).openapi({ example: '123456' }) });

const SignedIn = z.object({ csrfToken: CsrfToken, user: UserView, pendingTerms: PendingTerms });

const verify = createRoute({
  method: 'post',
  path: '/v1/auth/mfa/verify',
  tags: ['identity'],
  summary: 'Finish signing in with an authenticator code',
  description: 'Accepts the code of the current 30-second step or one step either side; a code already used is refused. Wrong codes count towards the account lockout.',
  request: { body: jsonBody(CodeBody) },
  responses: { 200: jsonResponse('signed in: a new session cookie and CSRF token', SignedIn) },
});

const recovery = createRoute({
  method: 'post',
  path: '/v1/auth/mfa/recovery',
  tags: ['identity'],
  summary: 'Finish signing in with a recovery code (each works once)',
  request: { body: jsonBody(CodeBody) },
  responses: { 200: jsonResponse('signed in', SignedIn.extend({ recoveryCodesLeft: z.number().int() })) },
});

const enrol = createRoute({
  method: 'post',
  path: '/v1/auth/mfa/enrol',
  tags: ['identity'],
  summary: 'Start setting up an authenticator app',
  description: 'Returns a new secret and its otpauth:// URI (show it as a QR code). Nothing changes until /v1/auth/mfa/enrol/confirm receives a code from the app.',
  responses: { 200: jsonResponse('the new secret', z.object({ secret: z.string(), otpauthUri: z.string() })) },
});

const confirm = createRoute({
  method: 'post',
  path: '/v1/auth/mfa/enrol/confirm',
  tags: ['identity'],
  summary: 'Turn MFA on with the first code from the app; returns 10 recovery codes once',
  request: { body: jsonBody(CodeBody) },
  responses: {
    200: jsonResponse(
      'MFA is on. A half-signed-in session is replaced by a full one (new cookie and CSRF token).',
      z.object({ recoveryCodes: z.array(z.string()), csrfToken: CsrfToken.nullable(), user: UserView }),
    ),
  },
});

const WRONG_CODE = 'the code is not right; check the time on your device and try the newest code';

/**
 * The second factor: TOTP verification with replay protection, recovery codes, and enrolment.
 * Clinicians and admins without MFA get a session that can only reach enrolment.
 */
export function mfaRoutes(deps: IdentityDeps, throttle: Throttle) {
  const app = createRouter();
  // Recovery codes are HMACed under a pepper the database does not hold (docs/identity.md).
  const [pepper] = deps.recoveryPeppers;
  if (!pepper) throw new Error('mfaRoutes: no recovery-code pepper');

  /** The half-signed-in session whose second factor this request checks. */
  async function owedSignIn(c: Context<AppEnv>): Promise<SessionUser> {
    const s = await sessionUser(c, deps);
    if (!s.pending) throw new ConflictError('this session is already fully signed in');
    if (!mfaState(s.user).enrolled) throw new ConflictError('this account has no second factor yet: enrol with POST /v1/auth/mfa/enrol');
    await refuseWhileLocked(throttle, accountKey(s.user.email), ACCOUNT_LOCKED);
    return s;
  }

  /** A wrong code counts towards the same lockout as a wrong password. */
  async function refuse(s: SessionUser, message: string): Promise<never> {
    await throttle.fail(accountKey(s.user.email));
    throw new UnauthenticatedError(message);
  }

  app.openapi(verify, async (c) => {
    const s = await owedSignIn(c);
    const lastUsedStep = s.user.totp_last_step === null ? null : Number(s.user.totp_last_step);
    const secret = openSecret(s.user.totp_secret!, deps.totpKeys, s.user.id);
    const v = verifyTotp(secret.plaintext, c.req.valid('json').code, deps.clock.now().getTime(), { window: 1, lastUsedStep });
    if (!v.ok || !(await claimTotpStep(deps.db, s.user.id, v.step))) return refuse(s, WRONG_CODE);
    // written in clear before encryption existed, or under a retired key: seal it under the current one
    if (secret.stale) await resealTotpSecret(deps.db, s.user.id, s.user.totp_secret!, sealSecret(secret.plaintext, deps.totpKeys, s.user.id));
    return c.json(await completeSignIn(c, deps, throttle, { user: s.user, how: 'totp', replacesSession: s.idHash }), 200);
  });

  app.openapi(recovery, async (c) => {
    const s = await owedSignIn(c);
    const hashes = await unusedRecoveryHashes(deps.db, s.user.id);
    const code = c.req.valid('json').code;
    const index = deps.recoveryPeppers.reduce<number | null>((found, p) => found ?? consumeRecoveryCode(hashes, code, p), null);
    const left = index === null ? null : await spendRecoveryCode(deps.db, s.user.id, hashes[index]!, deps.clock.now());
    if (left === null) return refuse(s, 'that recovery code is not right or was already used');
    const done = await completeSignIn(c, deps, throttle, { user: s.user, how: 'recovery_code', replacesSession: s.idHash });
    return c.json({ ...done, recoveryCodesLeft: left }, 200);
  });

  app.openapi(enrol, async (c) => {
    const { user } = await sessionUser(c, deps);
    if (mfaState(user).enrolled) throw new ConflictError('MFA is already on for this account');
    const secret = generateTotpSecret();
    await savePendingTotpSecret(deps.db, user.id, sealSecret(secret, deps.totpKeys, user.id));
    c.header('cache-control', 'no-store');
    return c.json({ secret, otpauthUri: totpUri({ issuer: TOTP_ISSUER, account: user.email, secret }) }, 200);
  });

  app.openapi(confirm, async (c) => {
    const s = await sessionUser(c, deps);
    if (mfaState(s.user).enrolled) throw new ConflictError('MFA is already on for this account');
    const sealed = s.user.pending_totp_secret;
    if (!sealed) throw new ConflictError('start with POST /v1/auth/mfa/enrol');
    const v = verifyTotp(openSecret(sealed, deps.totpKeys, s.user.id).plaintext, c.req.valid('json').code, deps.clock.now().getTime(), { window: 1 });
    if (!v.ok) throw new ValidationError('the code does not match', [{ path: 'code', message: WRONG_CODE }]);
    const recoveryCodes = generateRecoveryCodes();
    await inTransaction(deps.db, async (tx) => {
      await enableTotp(tx, s.user.id, sealed, v.step, deps.clock.now());
      await replaceRecoveryCodes(tx, s.user.id, recoveryCodes.map((code) => hashRecoveryCode(code, pepper)));
      await auditEvent(c, { db: tx, clock: deps.clock }, { actor: { userId: s.user.id, role: s.user.role }, action: 'auth.mfa_enabled', resource: 'mfa/totp' });
    });
    c.header('cache-control', 'no-store');
    const enrolled = { ...s.user, totp_secret: sealed, mfa_enrolled_at: deps.clock.now() };
    if (s.pending) return c.json({ recoveryCodes, ...(await completeSignIn(c, deps, throttle, { user: enrolled, how: 'mfa_enrolment', replacesSession: s.idHash })) }, 200);
    return c.json({ recoveryCodes, csrfToken: null, user: userView(enrolled) }, 200);
  });

  return app;
}
