import { z } from 'zod';
import { env, parseEnv } from '../../common/src/config.ts';
import { serviceEnv } from '../../common/src/config-fields.ts';

export const AlertsConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: env.port(9102),
  /**
   * Address of the ops HTTP server (health, readiness, /metrics). Loopback by default: it has no
   * authentication, so exposing it (a Prometheus elsewhere) is a deliberate setting, e.g. 0.0.0.0
   * behind a network policy.
   */
  HTTP_HOST: z.string().default('127.0.0.1').describe('an interface address to listen on'),
  ALERTS_CONCURRENCY: env.positiveInt(4),
  /**
   * BullMQ's job lock and stalled-job check (its defaults). A worker that dies mid-job stops renewing
   * the lock; within about lock + 2 × check another worker — or the restarted one — runs the job again.
   * A lock shorter than the longest event-loop stall makes healthy jobs look stalled and run twice.
   */
  ALERTS_JOB_LOCK_MS: env.positiveInt(30_000),
  ALERTS_STALLED_CHECK_MS: env.positiveInt(30_000),
  /** SMTP relay for email notifications, e.g. smtp://relay.example.org:587; unset disables email. */
  SMTP_URL: env.url(['smtp', 'smtps']).optional(),
  SMTP_FROM: z.string().default('Vitals <alerts@localhost>').describe('a From address'),
  /** Origin of the portal, for the sign-in links in notification emails. */
  PUBLIC_URL: env.url(['http', 'https']).default('http://localhost:3000'),
  /** Webhook deliveries: attempts before the dead-letter list, first retry delay (doubling), request timeout. */
  WEBHOOK_MAX_ATTEMPTS: env.positiveInt(8),
  WEBHOOK_BACKOFF_MS: env.positiveInt(2000),
  WEBHOOK_TIMEOUT_MS: env.positiveInt(10_000),
  MISSED_READINGS_CHECK_MINUTES: env.positiveInt(15),
  /**
   * How often the outbox sweep re-enqueues notifications and escalations that a crash between
   * commit and enqueue left without a job, and how old such a row must be first. Together they bound
   * how late an orphaned urgent notification can be (about their sum).
   */
  OUTBOX_SWEEP_SECONDS: env.positiveInt(30),
  OUTBOX_SWEEP_GRACE_SECONDS: env.positiveInt(30),
});
export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;

export const loadAlertsConfig = (e: Record<string, string | undefined>): AlertsConfig => parseEnv(AlertsConfigSchema, e);
