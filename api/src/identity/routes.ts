import { hmacSha256 } from './crypto/primitives.ts';
import { derivedKeyring, parseKeyring } from './crypto/secret-box.ts';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { ApiConfig } from '../config.ts';
import { createRouter } from '../http/openapi-app.ts';
import { activationRoutes } from './activation/routes.ts';
import { breakGlassRoutes } from './break-glass/routes.ts';
import { createPasswordPolicy } from './crypto/password.ts';
import { emailTokenRoutes } from './email-tokens/routes.ts';
import type { IdentityDeps, IdentityOptions } from './identity-deps.ts';
import { loginRoutes } from './login/routes.ts';
import { createLogMailer } from './mail/mailer.ts';
import { mfaRoutes } from './mfa/routes.ts';
import { privacyRoutes } from './privacy/routes.ts';
import { proxyRoutes } from './proxies/routes.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { createThrottle } from './throttle/throttle.ts';
import { tokenRoutes } from './tokens/routes.ts';

/**
 * The Identity feature's HTTP routes (accounts, sign-in, MFA, sessions, API tokens, proxies,
 * privacy, break-the-glass), mounted at `/` since its paths span `/v1/auth`, `/v1/patients` and
 * `/v1/admin`. See docs/identity.md.
 */
/**
 * The configured recovery-code peppers, newest first, then the one derived from SESSION_SECRET that
 * every install used before RECOVERY_CODE_PEPPERS existed, so codes issued under it keep working.
 */
function recoveryPeppers(config: { SESSION_SECRET: string; RECOVERY_CODE_PEPPERS?: string | undefined }): Buffer[] {
  const legacy = hmacSha256(config.SESSION_SECRET, 'vitals:recovery-code-pepper:v1');
  return [...(config.RECOVERY_CODE_PEPPERS ? parseKeyring(config.RECOVERY_CODE_PEPPERS).keys.map((k) => k.key) : []), legacy];
}

export function identityRoutes(deps: {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  config: Pick<ApiConfig, 'PUBLIC_URL' | 'SESSION_SECRET' | 'MFA_ENCRYPTION_KEYS' | 'RECOVERY_CODE_PEPPERS' | 'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS'>;
  options?: IdentityOptions;
}) {
  const trustProxyHops = deps.options?.trustProxyHops ?? 0;
  if (!Number.isInteger(trustProxyHops) || trustProxyHops < 0) throw new Error('identityRoutes: trustProxyHops must be a whole number ≥ 0');
  const d: IdentityDeps = {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    mailer: deps.options?.mailer ?? createLogMailer(deps.logger),
    passwordPolicy: createPasswordPolicy(),
    sessions: { idleMinutes: deps.config.SESSION_IDLE_MINUTES, absoluteHours: deps.config.SESSION_ABSOLUTE_HOURS },
    publicUrl: deps.config.PUBLIC_URL,
    sessionSecret: deps.config.SESSION_SECRET,
    totpKeys: deps.config.MFA_ENCRYPTION_KEYS ? parseKeyring(deps.config.MFA_ENCRYPTION_KEYS) : derivedKeyring(deps.config.SESSION_SECRET, 'totp-secret'),
    recoveryPeppers: recoveryPeppers(deps.config),
    trustProxyHops,
  };
  const throttle = createThrottle(d);
  const app = createRouter();
  app.route('/', loginRoutes(d, throttle));
  app.route('/', mfaRoutes(d, throttle));
  app.route('/', sessionRoutes(d));
  app.route('/', tokenRoutes(d));
  app.route('/', activationRoutes(d, throttle));
  app.route('/', emailTokenRoutes(d, throttle));
  app.route('/', proxyRoutes(d));
  app.route('/', privacyRoutes(d));
  app.route('/', breakGlassRoutes(d));
  return app;
}
