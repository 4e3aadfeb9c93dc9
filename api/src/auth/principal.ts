/**
 * Who is making a request. Resolved once per request (session cookie or API token) and passed to
 * the policy module; routes never look at cookies or headers themselves.
 */
export type Role = 'patient' | 'proxy' | 'clinician' | 'admin';

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      role: Role;
      clinicId: string | null;
      /** The patient record of a patient user. */
      patientId: string | null;
      /** How the request authenticated. */
      via: 'session' | 'token';
      sessionId?: string;
      /** API token scopes (e.g. `readings:read`); sessions carry every scope of the role. */
      scopes: ReadonlySet<string> | 'all';
      /** Whether the second factor was checked in this session (tokens: issued after MFA). */
      mfa: boolean;
    };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** The actor string written to the audit log. */
export const actorOf = (p: Principal): string => (p.kind === 'user' ? `user:${p.userId}` : 'anonymous');
