import { z } from 'zod';
import { env, parseEnv } from '../../common/src/config.ts';
import { serviceEnv } from '../../common/src/config-fields.ts';

export const AlertsConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: env.port(9102),
  ALERTS_CONCURRENCY: env.positiveInt(4),
  /** SMTP relay for email notifications, e.g. smtp://relay.example.org:587; unset disables email. */
  SMTP_URL: env.url(['smtp', 'smtps']).optional(),
  SMTP_FROM: z.string().default('Vitals <alerts@localhost>').describe('a From address'),
  /** Signs outgoing webhooks (HMAC-SHA256); at least 32 characters. */
  WEBHOOK_SECRET: z.string().min(32).optional().describe('a random string of at least 32 characters'),
  MISSED_READINGS_CHECK_MINUTES: env.positiveInt(15),
});
export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;

export const loadAlertsConfig = (e: Record<string, string | undefined>): AlertsConfig => parseEnv(AlertsConfigSchema, e);
