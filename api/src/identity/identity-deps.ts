import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import type { PasswordPolicy } from './crypto/password.ts';
import type { Mailer } from './mail/mailer.ts';
import type { SecretKeyring } from './crypto/secret-box.ts';

/** What the app's composition root may set for the identity feature (all optional). */
export interface IdentityOptions {
  /** Where emails go; default: logged (no SMTP relay configured). */
  mailer?: Mailer;
  /**
   * How many reverse proxies in front of the API append to `X-Forwarded-For`. 0 (default) uses
   * the socket address; behind a load balancer set 1, or every client shares one rate limit.
   */
  trustProxyHops?: number;
}

/** The dependencies every identity route factory takes. Built once by `identityRoutes`. */
export interface IdentityDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  passwordPolicy: PasswordPolicy;
  sessions: SessionPolicy;
  /** Origin for links in emails; https makes the session cookie Secure. */
  publicUrl: string;
  /** Signs CSRF tokens; also the root of the legacy recovery-code pepper (see docs/identity.md). */
  sessionSecret: string;
  /** Recovery-code peppers: the first hashes new codes, every one is tried when a code is spent. */
  recoveryPeppers: readonly Buffer[];
  /** Encrypts TOTP secrets at rest (MFA_ENCRYPTION_KEYS, or derived from the session secret). */
  totpKeys: SecretKeyring;
  trustProxyHops: number;
}
