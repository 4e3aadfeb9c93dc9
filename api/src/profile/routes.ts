import { createRoute } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { UnavailableError } from '../../../common/src/errors/index.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { createLogMailer, type Mailer } from '../identity/mail/mailer.ts';
import { deliver } from '../identity/mail/deliver.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { UnprocessableError } from '../portal-records/errors.ts';
import { PatientIdParam, jsonBody, jsonResponse, patientOrProxy } from '../portal-records/http.ts';
import { emailChangedMessage, emailCodeMessage, smsCodeMessage } from './contact-messages.ts';
import { profileRepo } from './repo.ts';
import { Profile, ProfileUpdate, VerifyContact, type ContactChannel } from './schemas.ts';
import { createLogSmsSender, type SmsSender } from './sms-sender.ts';
import { MAX_ATTEMPTS, newCode } from './verification-code.ts';

export interface ProfileRouteDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** Sends codes to a new email address; default (absent or null): logged, as with no SMTP relay. */
  mailer?: Mailer | null;
  /** Sends codes to a new phone number; default (absent or null): logged, as with no SMS provider. */
  sms?: SmsSender | null;
}

const tags = ['profile'];

const routes = {
  read: createRoute({ method: 'get', path: '/v1/patients/{patientId}/profile', tags, summary: 'Contact details and preferences', middleware: [requireUser()] as const, request: { params: PatientIdParam }, responses: { 200: jsonResponse('the profile', Profile) } }),
  update: createRoute({
    method: 'patch',
    path: '/v1/patients/{patientId}/profile',
    tags,
    summary: 'Change contact details and preferences',
    description: 'A new email or phone is not used until it is verified: a six-digit code goes to it, and POST …/profile/verify-contact confirms it.',
    middleware: [patientOrProxy] as const,
    request: { params: PatientIdParam, body: jsonBody(ProfileUpdate) },
    responses: { 200: jsonResponse('the profile after the change, with pending verifications', Profile) },
  }),
  verify: createRoute({
    method: 'post',
    path: '/v1/patients/{patientId}/profile/verify-contact',
    tags,
    summary: 'Confirm a new email or phone with its code',
    middleware: [patientOrProxy] as const,
    request: { params: PatientIdParam, body: jsonBody(VerifyContact) },
    responses: { 200: jsonResponse('the new value is in use', Profile) },
  }),
};

/** A code that cannot be sent is a 503: asking again replaces the pending change with a new code. */
const sendOr503 = (sending: Promise<void>) =>
  sending.catch((err: unknown) => {
    throw new UnavailableError('the code could not be sent; try again in a moment', { cause: err });
  });

const CODE_FAILURES = {
  wrong: 'the code is not right',
  expired: 'the code has expired: change the value again to get a new one',
  too_many_attempts: `the code was entered wrongly ${MAX_ATTEMPTS} times: change the value again to get a new one`,
} as const;

/** The patient's profile: contact details (verified before use), pharmacy, language, emergency contact, notifications. */
export function profileRoutes(deps: ProfileRouteDeps) {
  const app = createRouter();
  const mailer = deps.mailer ?? createLogMailer(deps.logger);
  const sms = deps.sms ?? createLogSmsSender(deps.logger);

  app.openapi(routes.read, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'record', { action: 'profile.read', resource: 'profile' });
    return c.json(await profileRepo(deps.db, patientId).read(deps.clock.now()), 200);
  });

  app.openapi(routes.update, async (c) => {
    const { patientId } = c.req.valid('param');
    const { email, phone, ...direct } = c.req.valid('json');
    const repo = profileRepo(deps.db, patientId);
    const changed = Object.keys(c.req.valid('json')).sort();
    await guardPatient(c, deps, patientId, 'record', { action: 'profile.update', resource: `profile/${changed.join(',')}`, write: true });
    const now = deps.clock.now();
    await repo.update(direct, now);
    const current = await repo.read(now);
    const startChange = async (channel: ContactChannel, value: string, send: (code: string) => Promise<void>) => {
      const code = newCode();
      await repo.startVerification(channel, value, code, userOf(c).userId, now);
      await sendOr503(send(code));
    };
    // an unchanged value needs no code; a changed one waits for it
    if (email !== undefined && email.toLowerCase() !== current.email?.toLowerCase()) await startChange('email', email, (code) => mailer.send(emailCodeMessage(email, code)));
    if (phone !== undefined && phone !== current.phone) await startChange('sms', phone, (code) => sms.send(smsCodeMessage(phone, code)));
    return c.json(await repo.read(now), 200);
  });

  app.openapi(routes.verify, async (c) => {
    const { patientId } = c.req.valid('param');
    const { channel, code } = c.req.valid('json');
    await guardPatient(c, deps, patientId, 'record', { action: 'profile.verify', resource: `profile/${channel === 'sms' ? 'phone' : 'email'}`, write: true });
    const repo = profileRepo(deps.db, patientId);
    const result = await repo.verify(channel, code, deps.clock.now());
    if (result.outcome !== 'ok') throw new UnprocessableError(CODE_FAILURES[result.outcome], { type: 'verification-failed', extra: { code: result.outcome } });
    if (channel === 'email' && result.previous) void deliver({ mailer, logger: deps.logger }, emailChangedMessage(result.previous));
    return c.json(await repo.read(deps.clock.now()), 200);
  });

  return app;
}
