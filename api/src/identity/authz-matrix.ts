import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEMO_PASSWORD, USERS } from '../../../db/src/seed-data.ts';
import { EVERYONE_SIGNED_IN, PUBLIC, type MatrixEntry } from '../http/authz-matrix.ts';
import { hashToken } from './crypto/tokens.ts';

/**
 * Fixed rows that the destructive entries below act on, created by {@link setupMatrixFixtures}.
 * Each is only reachable by one principal (Maria, or the admin), so the order in which the
 * matrix test runs principals does not matter.
 */
export const MATRIX_FIXTURES = {
  /** A proxy grant of Maria's to a person no matrix principal is: revoked/changed by the patient. */
  grantId: '00000000-0000-4000-8000-00000000f001',
  grantProxyId: '00000000-0000-4000-8000-00000000f002',
  /** A proxy account Maria invites. */
  inviteeId: '00000000-0000-4000-8000-00000000f003',
  inviteeEmail: 'invitee.proxy@matrix.test',
  /** An API token of Maria's: revoked by her; everyone else gets 404. */
  tokenId: '00000000-0000-4000-8000-00000000f004',
  /** A past emergency access to Maria by Dr. Haddad, for the admin to review. */
  breakGlassId: '00000000-0000-4000-8000-00000000f005',
} as const;

const MARIA_USER = USERS.find((u) => u.email === 'maria@demo.vitals')!.id;
const DR_OUTSIDE = USERS.find((u) => u.email === 'dr.outside@demo.vitals')!.id;

/** Create the rows {@link MATRIX_FIXTURES} names (on the seeded demo; idempotent). */
export async function setupMatrixFixtures(env: { db: pg.Pool; patientId: string; now: Date }): Promise<void> {
  const f = MATRIX_FIXTURES;
  const future = new Date(env.now.getTime() + 365 * 86_400_000);
  await env.db.query(
    `INSERT INTO users (id, email, display_name, role) VALUES ($1, 'revocable.proxy@matrix.test', 'Revocable Proxy', 'proxy'), ($2, $3, 'Invited Proxy', 'proxy') ON CONFLICT DO NOTHING`,
    [f.grantProxyId, f.inviteeId, f.inviteeEmail],
  );
  await env.db.query(
    `INSERT INTO proxy_grants (id, proxy_user_id, patient_id, relationship, scopes, expires_at, created_at) VALUES ($1, $2, $3, 'neighbour', '{readings}', $4, $5) ON CONFLICT DO NOTHING`,
    [f.grantId, f.grantProxyId, env.patientId, future, env.now],
  );
  await env.db.query(`INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, expires_at) VALUES ($1, $2, 'matrix', $3, '{readings:read}', $4) ON CONFLICT DO NOTHING`, [
    f.tokenId,
    MARIA_USER,
    hashToken(`vt_matrix-${randomUUID()}`),
    future,
  ]);
  await env.db.query(
    `INSERT INTO break_glass (id, clinician_id, patient_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, 'matrix fixture: an emergency last week', $4, $4) ON CONFLICT DO NOTHING`,
    [f.breakGlassId, DR_OUTSIDE, env.patientId, new Date(env.now.getTime() - 7 * 86_400_000)],
  );
}

const STAFF_OF_PATIENT = ['clinician_in_team', 'admin'] as const;
const PATIENT_ONLY = ['patient'] as const;
const ADMIN_ONLY = ['admin'] as const;
/** Any well-formed token that matches nothing. */
const BOGUS_TOKEN = 'x'.repeat(43);

/** Every identity route. Public routes answer 4xx other than 401/403 to bad input, never "denied". */
export const authzMatrix: MatrixEntry[] = [
  { method: 'POST', path: '/v1/auth/login', request: () => ({ path: '/v1/auth/login', json: { email: 'maria@demo.vitals', password: DEMO_PASSWORD } }), allow: PUBLIC },
  // Each matrix request has its own fresh session, so signing out harms no later request.
  { method: 'POST', path: '/v1/auth/logout', request: () => ({ path: '/v1/auth/logout' }), allow: PUBLIC },
  {
    method: 'POST',
    path: '/v1/auth/activate',
    request: () => ({ path: '/v1/auth/activate', json: { mrn: 'MRN-000000', dateOfBirth: '1990-01-01', activationCode: '00000-00000', email: 'nobody@matrix.test', password: 'correct horse battery staple' } }),
    allow: PUBLIC,
  },
  { method: 'POST', path: '/v1/auth/verify-email', request: () => ({ path: '/v1/auth/verify-email', json: { token: BOGUS_TOKEN } }), allow: PUBLIC },
  { method: 'POST', path: '/v1/auth/verify-email/resend', request: () => ({ path: '/v1/auth/verify-email/resend' }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/auth/password-reset/request', request: () => ({ path: '/v1/auth/password-reset/request', json: { email: 'nobody@matrix.test' } }), allow: PUBLIC },
  { method: 'POST', path: '/v1/auth/password-reset/confirm', request: () => ({ path: '/v1/auth/password-reset/confirm', json: { token: BOGUS_TOKEN, password: 'correct horse battery staple' } }), allow: PUBLIC },
  // Fully signed-in sessions owe no second factor (409); without a session there is nothing to finish (401).
  { method: 'POST', path: '/v1/auth/mfa/verify', request: () => ({ path: '/v1/auth/mfa/verify', json: { code: '000000' } }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/auth/mfa/recovery', request: () => ({ path: '/v1/auth/mfa/recovery', json: { code: '0000-0000-0000' } }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/auth/mfa/enrol', request: () => ({ path: '/v1/auth/mfa/enrol' }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/auth/mfa/enrol/confirm', request: () => ({ path: '/v1/auth/mfa/enrol/confirm', json: { code: '000000' } }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/auth/session', request: () => ({ path: '/v1/auth/session' }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/auth/sessions', request: () => ({ path: '/v1/auth/sessions' }), allow: EVERYONE_SIGNED_IN },
  // Someone else's (or no) session: 404 for everyone signed in, so nothing is revoked.
  { method: 'DELETE', path: '/v1/auth/sessions/:id', request: () => ({ path: `/v1/auth/sessions/${randomUUID()}` }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/auth/tokens', request: () => ({ path: '/v1/auth/tokens', json: { name: 'matrix', scopes: ['readings:read'], expiresInDays: 1 } }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/auth/tokens', request: () => ({ path: '/v1/auth/tokens' }), allow: EVERYONE_SIGNED_IN },
  // Maria's token: she revokes it (then 404), anyone else gets 404.
  { method: 'DELETE', path: '/v1/auth/tokens/:id', request: () => ({ path: `/v1/auth/tokens/${MATRIX_FIXTURES.tokenId}` }), allow: EVERYONE_SIGNED_IN },
  // Maria has an account already: allowed staff get 409, so no code is issued.
  {
    method: 'POST',
    path: '/v1/admin/patients/:patientId/activation-codes',
    request: (ctx) => ({ path: `/v1/admin/patients/${ctx.patientId}/activation-codes`, json: {} }),
    allow: STAFF_OF_PATIENT,
  },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/proxies',
    request: (ctx) => ({
      path: `/v1/patients/${ctx.patientId}/proxies`,
      json: { email: MATRIX_FIXTURES.inviteeEmail, relationship: 'friend', scopes: ['readings'], expiresAt: '2027-06-01T00:00:00.000Z' },
    }),
    allow: PATIENT_ONLY,
  },
  { method: 'GET', path: '/v1/patients/:patientId/proxies', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/proxies` }), allow: PATIENT_ONLY },
  {
    method: 'PATCH',
    path: '/v1/patients/:patientId/proxies/:grantId',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/proxies/${MATRIX_FIXTURES.grantId}`, json: { isParent: false } }),
    allow: PATIENT_ONLY,
  },
  { method: 'DELETE', path: '/v1/patients/:patientId/proxies/:grantId', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/proxies/${MATRIX_FIXTURES.grantId}` }), allow: PATIENT_ONLY },
  { method: 'GET', path: '/v1/patients/:patientId/privacy', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/privacy` }), allow: PATIENT_ONLY },
  {
    method: 'PUT',
    path: '/v1/patients/:patientId/privacy',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/privacy`, json: { shareWithProxies: { behavioral_health: false, substance_use: false, sexual_health: false } } }),
    allow: PATIENT_ONLY,
  },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/break-glass',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/break-glass`, json: { reason: 'matrix: unconscious patient in the ER', durationMinutes: 15 } }),
    allow: ['clinician_out_of_team', 'break_glass', 'admin'],
  },
  { method: 'GET', path: '/v1/admin/break-glass', request: () => ({ path: '/v1/admin/break-glass' }), allow: ADMIN_ONLY },
  {
    method: 'POST',
    path: '/v1/admin/break-glass/:id/review',
    request: () => ({ path: `/v1/admin/break-glass/${MATRIX_FIXTURES.breakGlassId}/review`, json: { outcome: 'appropriate', note: 'matrix' } }),
    allow: ADMIN_ONLY,
  },
];
