import { z } from 'zod';
import { env, parseEnv } from '../../common/src/config.ts';
import { serviceEnv } from '../../common/src/config-fields.ts';
import { parseKeyring } from './identity/crypto/secret-box.ts';

/** An optional keyring setting: comma-separated `<id>:<base64 of 32 bytes>`, newest first. */
const keyringSetting = () =>
  z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        parseKeyring(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    })
    .describe('comma-separated <id>:<base64 of 32 bytes>, newest first');

export const ApiConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: env.port(3000),
  HTTP_HOST: z.string().default('0.0.0.0').describe('an interface address to listen on'),
  /** The origin browsers use; drives CORS, cookie Secure flag and links in emails. */
  PUBLIC_URL: env.url(['http', 'https']).default('http://localhost:3000'),
  /** Signs CSRF tokens; at least 32 characters. The start command generates one for the demo. */
  SESSION_SECRET: z.string().min(32).describe('a random string of at least 32 characters'),
  /**
   * Keys that encrypt TOTP secrets at rest: comma-separated `<id>:<base64 of 32 random bytes>`,
   * newest first (the first seals, all open, so old keys can be kept while values re-seal on use).
   * Unset: one key derived from SESSION_SECRET (then rotating SESSION_SECRET makes enrolled
   * authenticators unreadable; production should set this).
   */
  MFA_ENCRYPTION_KEYS: keyringSetting(),
  /**
   * Peppers for recovery-code hashes, in the same format (the first hashes new codes, all are tried).
   * Unset: one derived from SESSION_SECRET, which is always tried too, so codes issued before this
   * is set keep working; with it set, rotating SESSION_SECRET no longer voids recovery codes.
   */
  RECOVERY_CODE_PEPPERS: keyringSetting(),
  SESSION_IDLE_MINUTES: env.positiveInt(30),
  SESSION_ABSOLUTE_HOURS: env.positiveInt(12),
  MAX_BODY_BYTES: env.positiveInt(1024 * 1024),
  /** SMTP relay for identity emails (verification, password reset), e.g. smtps://user:pass@relay:465; unset logs them instead. */
  SMTP_URL: env.url(['smtp', 'smtps']).optional(),
  SMTP_FROM: z.string().default('Vitals <no-reply@localhost>').describe('a From address'),
  /** Reverse proxies in front of the API that append to X-Forwarded-For (rate limits key on the client address). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0).describe('a whole number of proxy hops from 0 to 5'),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

export const loadApiConfig = (e: Record<string, string | undefined>): ApiConfig => parseEnv(ApiConfigSchema, e);
