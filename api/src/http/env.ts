import type { Principal } from '../auth/principal.ts';

/** Variables every request carries, set by the authenticate middleware. */
export type AppVariables = {
  principal: Principal;
  requestId: string;
  /** Session id hash when the request came with a session cookie (for CSRF and logout). */
  sessionIdHash?: string;
  /** Password checked but MFA still owed. */
  mfaPending?: boolean;
};
export type AppEnv = { Variables: AppVariables };
