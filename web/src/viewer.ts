import type { Context } from 'hono';
import type pg from 'pg';
import type { Role } from '../../api/src/auth/principal.ts';
import type { AppEnv } from '../../api/src/http/env.ts';
import { createCsrfToken } from '../../api/src/identity/crypto/csrf.ts';
import { findUserById } from '../../api/src/identity/users/repo.ts';

/** Who a page is rendered for: enough to pick the navigation and greet them, never health data. */
export interface Viewer {
  userId: string;
  role: Role;
  displayName: string;
  /** The patient record a patient user looks at (their own). */
  patientId: string | null;
  mfaEnabled: boolean;
}

/** What every page shell carries besides the viewer. */
export interface PageSession {
  viewer: Viewer | null;
  /** Bound to the session (also a half-signed-in one), for the client's `x-csrf-token` header. */
  csrfToken: string | null;
  /** Password checked, second factor still owed. */
  mfaPending: boolean;
}

/**
 * Read the session the authenticate middleware resolved. The CSRF token goes into the page so
 * the browser never needs an extra request for it; the session cookie itself stays http-only.
 */
export async function pageSession(c: Context<AppEnv>, deps: { db: pg.Pool; sessionSecret: string }): Promise<PageSession> {
  const idHash = c.get('sessionIdHash');
  const csrfToken = idHash ? createCsrfToken(idHash, deps.sessionSecret) : null;
  const p = c.get('principal');
  const mfaPending = c.get('mfaPending') ?? false;
  if (p.kind !== 'user' || p.via !== 'session') return { viewer: null, csrfToken, mfaPending };
  const user = await findUserById(deps.db, p.userId);
  if (!user) return { viewer: null, csrfToken, mfaPending };
  return {
    viewer: { userId: user.id, role: user.role, displayName: user.display_name, patientId: user.patient_id, mfaEnabled: user.mfa_enrolled_at !== null },
    csrfToken,
    mfaPending,
  };
}
