import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type pg from 'pg';
import type { Clock } from '../../common/src/clock.ts';
import type { Role, UserPrincipal } from '../../api/src/auth/principal.ts';
import type { AppEnv } from '../../api/src/http/env.ts';
import { createCsrfToken } from '../../api/src/identity/crypto/csrf.ts';
import { sessionCookieOptions } from '../../api/src/identity/http/session-cookie.ts';
import { findUserById } from '../../api/src/identity/users/repo.ts';
import { decidePatientAccess } from '../../api/src/policy/patient-access.ts';
import { choiceBinding, decodeChoice, encodeChoice, pickRecord, RECORD_COOKIE, RECORD_PARAM, SELF, type RecordChoice } from './acting-record.ts';

/** Who a page is rendered for: enough to pick the navigation and greet them, never health data. */
export interface Viewer {
  userId: string;
  role: Role;
  displayName: string;
  /** The patient record the patient pages show: a patient's own, or the one a proxy chose. */
  patientId: string | null;
  mfaEnabled: boolean;
  /** Every record the viewer may open (their own first); the switcher lists them. */
  records: RecordChoice[];
  /** The record shown, with the scopes that decide which sections and actions appear. */
  acting: RecordChoice | null;
}

/** What every page shell carries besides the viewer. */
export interface PageSession {
  viewer: Viewer | null;
  /** Bound to the session (also a half-signed-in one), for the client's `x-csrf-token` header. */
  csrfToken: string | null;
  /** Password checked, second factor still owed. */
  mfaPending: boolean;
}

export interface ViewerDeps {
  db: pg.Pool;
  sessionSecret: string;
  /** The portal's public origin: its scheme, not the request's, makes the record cookie Secure. */
  publicUrl: string;
  clock: Clock;
}

/**
 * Read the session the authenticate middleware resolved. The CSRF token goes into the page so
 * the browser never needs an extra request for it; the session cookie itself stays http-only.
 * A `?record=` from the switcher changes whose record is shown, and is remembered for the session.
 */
export async function pageSession(c: Context<AppEnv>, deps: ViewerDeps): Promise<PageSession> {
  const idHash = c.get('sessionIdHash');
  const csrfToken = idHash ? createCsrfToken(idHash, deps.sessionSecret) : null;
  const p = c.get('principal');
  const mfaPending = c.get('mfaPending') ?? false;
  if (p.kind !== 'user' || p.via !== 'session') return { viewer: null, csrfToken, mfaPending };
  const user = await findUserById(deps.db, p.userId);
  if (!user) return { viewer: null, csrfToken, mfaPending };
  const records = await recordsFor(deps, p, user.display_name);
  const acting = pickRecord(records, idHash ? rememberedChoice(c, choiceBinding(idHash), records, deps.publicUrl) : null);
  return {
    viewer: { userId: user.id, role: user.role, displayName: user.display_name, patientId: acting?.patientId ?? null, mfaEnabled: user.mfa_enrolled_at !== null, records, acting },
    csrfToken,
    mfaPending,
  };
}

/**
 * The switcher's choice: a valid new one from the query string is stored (cookie bound to the
 * session, http-only: scripts never need it), otherwise the stored one is used.
 */
function rememberedChoice(c: Context<AppEnv>, binding: string, records: readonly RecordChoice[], publicUrl: string): string | null {
  const asked = c.req.query(RECORD_PARAM);
  if (asked === SELF || (asked && records.some((r) => r.patientId === asked))) {
    setCookie(c, RECORD_COOKIE, encodeChoice(binding, asked), sessionCookieOptions(publicUrl));
    return asked;
  }
  return decodeChoice(getCookie(c, RECORD_COOKIE), binding);
}

/**
 * The records a user may open: a patient's own; a proxy's live grants, each confirmed by the same
 * policy every API call goes through (so the switcher lists nothing the API would refuse).
 */
async function recordsFor(deps: ViewerDeps, p: UserPrincipal, displayName: string): Promise<RecordChoice[]> {
  if (p.role === 'patient' && p.patientId) return [{ patientId: p.patientId, name: displayName, self: true, relationship: null, scopes: 'all' }];
  if (p.role !== 'proxy') return [];
  const now = deps.clock.now();
  const { rows } = await deps.db.query<{ patient_id: string; name: string; relationship: string; scopes: string[] }>(
    `SELECT * FROM (
       SELECT DISTINCT ON (g.patient_id) g.patient_id, p.given_name || ' ' || p.family_name AS name, g.relationship, g.scopes
         FROM proxy_grants g JOIN patients p ON p.id = g.patient_id
        WHERE g.proxy_user_id = $1 AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > $2)
        ORDER BY g.patient_id, g.created_at DESC) live
     ORDER BY name`,
    [p.userId, now],
  );
  const allowed = await Promise.all(rows.map(async (r) => (await decidePatientAccess(deps.db, p, r.patient_id, 'record', now)).allowed));
  return rows.filter((_, i) => allowed[i]).map((r) => ({ patientId: r.patient_id, name: r.name, self: false, relationship: r.relationship, scopes: r.scopes }));
}
