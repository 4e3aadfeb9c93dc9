import nodemailer from 'nodemailer';
import { systemClock, type Clock } from '../../common/src/clock.ts';
import { runMain } from '../../common/src/config.ts';
import { listen } from '../../common/src/http-server.ts';
import { closeOnSignals, type Closer } from '../../common/src/lifecycle.ts';
import { createLiveEvents, type LiveEvents } from '../../common/src/live-events.ts';
import { createLogger, type Logger } from '../../common/src/logger.ts';
import type { WorkerOptions } from 'bullmq';
import { createQueueFactory, queueStoreFromConfig, type QueueFactory } from '../../common/src/queue.ts';
import { migrate } from '../../db/src/migrate.ts';
import { createPool } from '../../db/src/pool.ts';
import { createRollupWorker, scheduleRollup } from '../../api/src/trends/rollup-job.ts';
import { APPOINTMENT_REMINDER_QUEUE, createAppointmentReminderWorker, queueReminderScheduler, type ReminderJob } from '../../api/src/appointments/reminder-queue.ts';
import { createSchedulingMaintenanceWorker, scheduleSchedulingMaintenance } from '../../api/src/appointments/maintenance-queue.ts';
import { loadAlertsConfig, type AlertsConfig } from './config.ts';
import { createEmailWorker, EMAIL_QUEUE, type EmailJob, type Mailer } from './delivery/email-queue.ts';
import { createWebhookWorker, WEBHOOK_DELIVERY_QUEUE, type WebhookDeliveryJob } from './delivery/webhook-queue.ts';
import { cancelEscalations, createEscalationWorker, ESCALATION_QUEUE, type EscalationJob } from './escalation-queue.ts';
import { createEvaluationWorker } from './evaluation-queue.ts';
import { createAlertsMetrics } from './metrics.ts';
import { opsRoutes } from '../../common/src/ops-routes.ts';
import { createAlertPublisher } from './publisher.ts';
import { createOutboxSweepWorker, scheduleOutboxSweep } from './sweep-queue.ts';
import { createScheduledWorker, scheduleScheduledRules, SCHEDULED_RULES_QUEUE, type ScheduledRulesJob } from './scheduled-queue.ts';
import { ADHERENCE_LADDER_QUEUE, createLadderWorker, scheduleLadder, type LadderJob } from './adherence/ladder-queue.ts';
import { createGlucoseRangesWorker, scheduleGlucoseRanges } from '../../api/src/worklist/glucose-ranges-job.ts';

export interface AlertsHandle {
  httpUrl: string;
  closers: Closer[];
}

export interface AlertsOptions {
  logger?: Logger;
  clock?: Clock;
  /** BullMQ key prefix (tests give each file its own). */
  queuePrefix?: string;
  /** Live events to publish on and listen to; by default Redis pub/sub or PostgreSQL NOTIFY from the config. */
  live?: LiveEvents;
  /** The email transport; by default nodemailer on SMTP_URL (no email when it is unset). */
  mailer?: Mailer;
}

/** The same factory, with `defaults` under every worker's own options (the stalled-job timing is one setting for the service). */
export function withWorkerDefaults(queues: QueueFactory, defaults: Omit<WorkerOptions, 'connection' | 'prefix'>): QueueFactory {
  return {
    kind: queues.kind,
    queue: (name) => queues.queue(name),
    worker: (name, processor, wopts = {}) => queues.worker(name, processor, { ...defaults, ...wopts }),
    close: () => queues.close(),
  };
}

/**
 * Compose the alerts service: pool, queue factory, live events, the evaluation, scheduled-rules,
 * escalation, webhook and email workers, the trend rollup worker (api/src/trends/rollup-job.ts),
 * and the operations HTTP endpoint. Acknowledgements made
 * in the API arrive as live events; they remove the alert's pending escalation jobs.
 */
export async function startAlerts(config: AlertsConfig, opts: AlertsOptions = {}): Promise<AlertsHandle> {
  const logger = opts.logger ?? createLogger({ name: 'alerts', level: config.LOG_LEVEL });
  const clock = opts.clock ?? systemClock;
  const closers: Closer[] = [];
  const db = createPool(config.DATABASE_URL, { max: config.ALERTS_CONCURRENCY * 2 + 4, applicationName: 'vitals-alerts' });
  closers.push({ name: 'db', close: () => db.end() });
  await migrate(db, { logger });
  const queues = withWorkerDefaults(createQueueFactory(queueStoreFromConfig(config), opts.queuePrefix ? { prefix: opts.queuePrefix } : {}), {
    lockDuration: config.ALERTS_JOB_LOCK_MS,
    stalledInterval: config.ALERTS_STALLED_CHECK_MS,
  });
  closers.push({ name: 'queues', close: () => queues.close() });
  const live = opts.live ?? createLiveEvents(config, db);
  closers.push({ name: 'live', close: () => live.close() });
  const metrics = createAlertsMetrics();

  const mailer = opts.mailer ?? (config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null);
  const emailQueue = mailer ? queues.queue<EmailJob>(EMAIL_QUEUE) : null;
  const webhookQueue = queues.queue<WebhookDeliveryJob>(WEBHOOK_DELIVERY_QUEUE);
  const escalationQueue = queues.queue<EscalationJob>(ESCALATION_QUEUE);
  const webhookRetry = { attempts: config.WEBHOOK_MAX_ATTEMPTS, backoffMs: config.WEBHOOK_BACKOFF_MS };
  const publisher = createAlertPublisher({ db, live, emailQueue, webhookQueue, webhookRetry, escalationQueue, logger, publicUrl: config.PUBLIC_URL });
  const common = { queues, db, clock, logger, publisher };
  const concurrency = config.ALERTS_CONCURRENCY;

  createEvaluationWorker({
    ...common,
    concurrency,
    onEvaluated: (changes) => {
      metrics.evaluations.inc();
      for (const c of changes) metrics.changes.inc({ kind: c.kind, severity: c.alert.severity });
    },
  });
  createScheduledWorker({ ...common, concurrency, everyMinutes: config.MISSED_READINGS_CHECK_MINUTES });
  createOutboxSweepWorker({ queues, clock, logger, graceMs: config.OUTBOX_SWEEP_GRACE_SECONDS * 1000, sweep: { db, emailQueue, webhookQueue, webhookRetry, escalationQueue } });
  createEscalationWorker({ ...common, onEscalated: (tier) => metrics.escalations.inc({ tier: String(tier) }) });
  createWebhookWorker({ queues, db, clock, logger, concurrency, timeoutMs: config.WEBHOOK_TIMEOUT_MS, onDelivered: () => metrics.webhooksDelivered.inc(), onDeadLetter: () => metrics.webhooksDeadLettered.inc() });
  if (mailer) createEmailWorker({ queues, db, clock, logger, mailer, from: config.SMTP_FROM, concurrency, onSent: () => metrics.emailsSent.inc() });
  else logger.warn('SMTP_URL is not set: alert emails are off');
  await scheduleScheduledRules(queues.queue<ScheduledRulesJob>(SCHEDULED_RULES_QUEUE), config.MISSED_READINGS_CHECK_MINUTES);
  await scheduleOutboxSweep(queues, config.OUTBOX_SWEEP_SECONDS * 1000);
  // the trend rollups are periodic database work like the scheduled rules, so they run here too
  createRollupWorker({ queues, db, clock, logger });
  await scheduleRollup(queues);
  // appointment reminders and the scheduling upkeep (slots ahead, waitlist offers, missing reminders)
  const reminders = queueReminderScheduler({ queue: queues.queue<ReminderJob>(APPOINTMENT_REMINDER_QUEUE), clock, logger });
  createAppointmentReminderWorker({ queues, db, clock, logger });
  createSchedulingMaintenanceWorker({ queues, db, clock, logger, reminders });
  await scheduleSchedulingMaintenance(queues);
  // the worklist's glucose range counts are a rollup too; the adherence ladder ticks with the scheduled rules
  createGlucoseRangesWorker({ queues, db, clock, logger });
  await scheduleGlucoseRanges(queues);
  createLadderWorker({ queues, db, clock, logger, emailQueue });
  await scheduleLadder(queues.queue<LadderJob>(ADHERENCE_LADDER_QUEUE), config.MISSED_READINGS_CHECK_MINUTES);

  const unsubscribe = await live.subscribe(
    (event) => {
      if (event.type === 'alert' && event.state !== 'open') {
        cancelEscalations(escalationQueue, event.alertId).catch((err) => logger.warn({ err: (err as Error).message }, 'escalations not cancelled'));
      }
    },
    ['alert'],
  );
  closers.push({ name: 'live-subscription', close: unsubscribe });

  let ready = false;
  const ops = await listen(opsRoutes({ db, registry: metrics.registry, ready: () => ready, notReadyCheck: { workers: 'starting' } }).fetch, { port: config.HTTP_PORT, host: config.HTTP_HOST });
  closers.push({ name: 'ops-http', close: () => ops.close() });
  ready = true;
  logger.info({ queueStore: queues.kind, email: mailer !== null }, 'alerts workers running');
  return { httpUrl: ops.url, closers };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runMain(async () => {
    const config = loadAlertsConfig(process.env);
    const logger = createLogger({ name: 'alerts', level: config.LOG_LEVEL });
    const handle = await startAlerts(config, { logger });
    closeOnSignals(handle.closers, logger);
    process.stdout.write(`alerts ready http=${handle.httpUrl}\n`);
  });
}
