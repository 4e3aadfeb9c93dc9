import { createRoute, z } from '@hono/zod-openapi';
import { ConflictError, ValidationError } from '../../../../common/src/errors/index.ts';
import { auditEvent } from '../../audit/audit-event.ts';
import { requireUser } from '../../auth/require.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { guardAccountAdmin } from '../../policy/account-admin.ts';
import { normaliseCode } from '../crypto/human-code.ts';
import { hashPassword } from '../crypto/password.ts';
import { DEFAULT_ACTIVATION_IP_BUCKET } from '../crypto/rate-limit.ts';
import { ACTIVATION_CODE_LENGTH, checkActivation, createActivationCode, hashActivationCode } from '../crypto/tokens.ts';
import { clientAddress } from '../http/client-address.ts';
import { Email, PasswordInput, PatientIdParam, Timestamp, UserView, jsonBody, jsonResponse } from '../http/schemas.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { sendEmailVerification } from '../email-tokens/send.ts';
import { inTransaction } from '../transaction.ts';
import { refuseWhileLocked, throttleKey, type Throttle } from '../throttle/throttle.ts';
import { assertAcceptablePassword } from '../users/password-policy.ts';
import { findUserById, userView } from '../users/repo.ts';
import { consumeActivation, findActivation, insertPatientUser, patientHasAccount, replaceActivationCode } from './repo.ts';

/** Default lifetime of an activation code: long enough for a letter to arrive. */
export const ACTIVATION_VALID_DAYS = 14;

/** One answer for a wrong MRN, birth date or code, so none of them can be probed alone. */
export const ACTIVATION_INVALID = 'the medical record number, date of birth or activation code is not right';
const ACTIVATION_TOLD: Record<'used' | 'expired', string> = {
  used: 'this activation code was already used: sign in, or ask your clinic for a new code',
  expired: 'this activation code has expired: ask your clinic for a new one',
};

const issue = createRoute({
  method: 'post',
  path: '/v1/admin/patients/{patientId}/activation-codes',
  tags: ['identity'],
  summary: 'Issue a one-time activation code for a patient’s letter (shown once)',
  description: 'For the patient’s care team and administrators of their clinic. Earlier unused codes stop working.',
  middleware: [requireUser({ roles: ['clinician', 'admin'] })] as const,
  request: { params: PatientIdParam, body: jsonBody(z.object({ validDays: z.number().int().min(1).max(90).default(ACTIVATION_VALID_DAYS) })) },
  responses: { 201: jsonResponse('the code, shown this once', z.object({ code: z.string().openapi({ example: '7K3M9-QX2AB' }), expiresAt: Timestamp })) },
});

const activate = createRoute({
  method: 'post',
  path: '/v1/auth/activate',
  tags: ['identity'],
  summary: 'Create my patient account with the code from my clinic',
  description:
    'MRN, date of birth and code travel in the body, never the URL. A wrong MRN, date of birth or code all get the same 400. Attempts are limited per client address (5, then one every 6 minutes) and per MRN (lockout after 5 failures).',
  request: {
    body: jsonBody(
      z.object({
        mrn: z.string().trim().min(1).max(40),
        dateOfBirth: z.iso.date().openapi({ example: '1961-04-12' }),
        activationCode: z.string().trim().min(ACTIVATION_CODE_LENGTH).max(40),
        email: Email,
        password: PasswordInput,
        displayName: z.string().trim().min(1).max(100).optional(),
      }),
    ),
  },
  responses: { 201: jsonResponse('account created; a verification email was sent', z.object({ user: UserView })) },
});

/** Patient self-activation with a clinic-issued code, and issuing those codes. */
export function activationRoutes(deps: IdentityDeps, throttle: Throttle) {
  const app = createRouter();

  app.openapi(issue, async (c) => {
    const { patientId } = c.req.valid('param');
    const staff = await guardAccountAdmin(c, deps, patientId, { action: 'account.issue_activation_code', resource: 'account' });
    if (await patientHasAccount(deps.db, patientId)) throw new ConflictError('this patient already has an account; they can reset their password');
    const code = createActivationCode();
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + c.req.valid('json').validDays * 86_400_000);
    await replaceActivationCode(deps.db, { patientId, codeHash: hashActivationCode(code), expiresAt, createdBy: staff.userId, now });
    c.header('cache-control', 'no-store');
    return c.json({ code, expiresAt: expiresAt.toISOString() }, 201);
  });

  app.openapi(activate, async (c) => {
    const body = c.req.valid('json');
    await throttle.takeToken(throttleKey('activation-client', clientAddress(c, deps.trustProxyHops)), DEFAULT_ACTIVATION_IP_BUCKET, 'too many activation attempts from your network; try again later');
    const mrnKey = throttleKey('activation-mrn', body.mrn);
    await refuseWhileLocked(throttle, mrnKey, 'too many activation attempts for this record; try again later');
    const wellFormed = normaliseCode(body.activationCode)?.length === ACTIVATION_CODE_LENGTH;
    const record = wellFormed ? await findActivation(deps.db, hashActivationCode(body.activationCode)) : null;
    const check = checkActivation({ record, mrn: body.mrn, dob: body.dateOfBirth, code: body.activationCode, now: deps.clock.now() });
    if (!check.ok || !record) {
      await throttle.fail(mrnKey);
      throw new ValidationError(check.ok || check.reason === 'invalid' ? ACTIVATION_INVALID : ACTIVATION_TOLD[check.reason]);
    }
    assertAcceptablePassword(deps.passwordPolicy, body.password, { email: body.email, name: record.patientName });
    if (await patientHasAccount(deps.db, record.patientId)) throw new ConflictError('this record already has an account: sign in, or reset the password');
    const passwordHash = await hashPassword(body.password);
    const userId = await inTransaction(deps.db, async (tx) => {
      if (!(await consumeActivation(tx, record.id, deps.clock.now()))) throw new ValidationError(ACTIVATION_TOLD.used);
      const id = await insertPatientUser(tx, { clinicId: record.clinicId, patientId: record.patientId, email: body.email, displayName: body.displayName ?? record.patientName, passwordHash, now: deps.clock.now() });
      if (!id) throw new ConflictError('an account with this email address already exists');
      await auditEvent(c, { db: tx, clock: deps.clock }, { actor: { userId: id, role: 'patient' }, patientId: record.patientId, action: 'account.activated', resource: 'account' });
      return id;
    });
    await throttle.reset(mrnKey);
    const user = (await findUserById(deps.db, userId))!;
    await sendEmailVerification(deps, user);
    return c.json({ user: userView(user) }, 201);
  });

  return app;
}
