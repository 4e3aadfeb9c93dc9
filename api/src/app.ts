import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type pg from 'pg';
import type { Queue } from 'bullmq';
import type { AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import { enqueueAlertEvaluations } from '../../ingest/src/pipeline/alert-jobs.ts';
import type { Clock } from '../../common/src/clock.ts';
import { PayloadTooLargeError } from '../../common/src/errors/index.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { LiveEvents } from '../../common/src/live-events.ts';
import { authenticate } from './auth/authenticate.ts';
import type { ApiConfig } from './config.ts';
import { alertsRoutes } from './alerts/routes.ts';
import { appointmentsRoutes } from './appointments/routes.ts';
import type { ReminderScheduler } from './appointments/reminder-queue.ts';
import { clinicConfigRoutes } from './clinic-config/routes.ts';
import { deadLetterRoutes } from './dead-letters/routes.ts';
import { queueBoardRoutes } from './queue-board/routes.ts';
import type { QueueBoardSource } from './queue-board/source.ts';
import { deviceRoutes } from './devices/routes.ts';
import { billingRoutes } from './billing/routes.ts';
import { formRoutes } from './forms/routes.ts';
import { medicationRoutes } from './medications/routes.ts';
import { profileRoutes } from './profile/routes.ts';
import { summaryRoutes } from './summary/routes.ts';
import { fhirOutcomeBoundary, fhirRoutes } from './fhir/routes.ts';
import { nightscoutRoutes } from './nightscout/routes.ts';
import { openApiDocsRoutes } from './openapi-docs/routes.ts';
import { createApiMetrics, opsRoutes } from './ops/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { createRouter } from './http/openapi-app.ts';
import { messageRoutes } from './messages/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { resultRoutes } from './results/routes.ts';
import { problemErrorHandler, problemNotFound } from './http/problem.ts';
import { webRoutes } from '../../web/src/routes.tsx';
import { trendRoutes } from './trends/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import type { IdentityOptions } from './identity/identity-deps.ts';
import { identityRoutes } from './identity/routes.ts';
import { annotationRoutes } from './annotations/routes.ts';
import { rpmBillingRoutes } from './rpm-billing/routes.ts';
import { timeLogRoutes } from './time-logs/routes.ts';
import { worklistRoutes } from './worklist/routes.ts';
import { careTeamRoutes } from './care-teams/routes.ts';

export interface ApiDeps {
  db: pg.Pool;
  logger: Logger;
  clock: Clock;
  live?: LiveEvents | null;
  /** Identity: the mailer (default: log emails) and trusted proxy hops for client addresses. */
  identity?: IdentityOptions;
  /** Schedules appointment reminder jobs at once; without it the maintenance sweep does, within a minute. */
  appointmentReminders?: ReminderScheduler | null;
  /** Where readings that arrive through the API (Nightscout uploads) get their alert evaluation job. */
  alertQueue?: Queue<AlertEvaluationJob> | null;
  /** The operators' queue board (/v1/admin/queues); without it the board is empty. */
  queues?: QueueBoardSource | null;
  config: Pick<ApiConfig, 'PUBLIC_URL' | 'MAX_BODY_BYTES' | 'SESSION_SECRET' | 'MFA_ENCRYPTION_KEYS' | 'RECOVERY_CODE_PEPPERS' | 'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS'>;
}

export const API_VERSION = '1.0.0';

/** The HTTP API as a fetch handler; main.ts serves it, tests call `app.request()`. */
export function createApp(deps: ApiDeps) {
  const app = createRouter();
  const metrics = createApiMetrics();
  app.onError(problemErrorHandler(deps.logger));
  app.notFound(problemNotFound);
  // first, so request count and latency cover everything after it (authentication and errors included)
  app.use('*', metrics.middleware);
  // FHIR errors are OperationOutcomes, including those raised before the FHIR router (authentication)
  app.use('/fhir/*', fhirOutcomeBoundary());
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"], imgSrc: ["'self'", 'data:'] },
      strictTransportSecurity: 'max-age=63072000; includeSubDomains',
      referrerPolicy: 'no-referrer',
    }),
  );
  // Only our own origin may call the API with credentials from a browser.
  app.use('*', cors({ origin: (origin) => (origin === new URL(deps.config.PUBLIC_URL).origin ? origin : null), credentials: true, allowHeaders: ['content-type', 'x-csrf-token', 'authorization'] }));
  // Messages carry up to 3 attachments of 5 MiB, base64 in JSON: those two routes get room for
  // them; everything else keeps the small default.
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new PayloadTooLargeError(`the request body exceeds ${maxSize} bytes`);
      },
    });
  const smallBodies = limit(deps.config.MAX_BODY_BYTES);
  const messageBodies = limit(Math.max(deps.config.MAX_BODY_BYTES, 21 * 1024 * 1024));
  app.use('*', (c, next) => (/^\/v1\/(patients\/[^/]+\/message-threads|message-threads\/[^/]+\/messages)$/.test(c.req.path) ? messageBodies : smallBodies)(c, next));
  app.use('*', authenticate({ db: deps.db, clock: deps.clock, sessions: { idleMinutes: deps.config.SESSION_IDLE_MINUTES, absoluteHours: deps.config.SESSION_ABSOLUTE_HOURS }, csrfSecret: deps.config.SESSION_SECRET }));
  app.route('/', healthRoutes({ db: deps.db }));
  app.route('/', identityRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, config: deps.config, options: deps.identity }));
  app.route('/', auditRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', deviceRoutes({ db: deps.db, clock: deps.clock, live: deps.live ?? null }));
  app.route('/', deadLetterRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', queueBoardRoutes({ db: deps.db, clock: deps.clock, queues: deps.queues ?? null }));
  app.route('/', medicationRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, mailer: deps.identity?.mailer ?? null }));
  app.route('/', profileRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, mailer: deps.identity?.mailer ?? null }));
  app.route('/', summaryRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', billingRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', formRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', fhirRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, publicUrl: deps.config.PUBLIC_URL }));
  // uploads are judged by the alert rules like MQTT readings (when the process has a queue)
  const alertQueue = deps.alertQueue;
  app.route('/', nightscoutRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, publicUrl: deps.config.PUBLIC_URL, ...(alertQueue ? { onCommitted: (r, traceparent) => enqueueAlertEvaluations(alertQueue, r, () => traceparent) } : {}) }));
  app.route('/', opsRoutes({ metrics }));
  app.route('/', openApiDocsRoutes());
  app.route('/', messageRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, mailer: deps.identity?.mailer ?? null }));
  app.route('/', notificationRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', resultRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, mailer: deps.identity?.mailer ?? null }));
  app.route('/', trendRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', clinicConfigRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', appointmentsRoutes({ db: deps.db, clock: deps.clock, publicUrl: deps.config.PUBLIC_URL, reminders: deps.appointmentReminders ?? null }));
  app.route('/', alertsRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, live: deps.live ?? null }));
  app.route('/', worklistRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', careTeamRoutes({ db: deps.db }));
  app.route('/', annotationRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', timeLogRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', rpmBillingRoutes({ db: deps.db, clock: deps.clock }));
  app.route('/', webRoutes({ db: deps.db, clock: deps.clock, config: deps.config, live: deps.live ?? null }));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Vitals API', version: API_VERSION, description: 'Remote patient monitoring and patient portal. Errors are RFC 9457 problem+json.' },
  });
  return app;
}
export type App = ReturnType<typeof createApp>;
