import { systemClock } from '../../common/src/clock.ts';
import { runMain } from '../../common/src/config.ts';
import { listen } from '../../common/src/http-server.ts';
import { closeOnSignals } from '../../common/src/lifecycle.ts';
import { createLiveEvents } from '../../common/src/live-events.ts';
import { createLogger } from '../../common/src/logger.ts';
import { createPool } from '../../db/src/pool.ts';
import { migrate } from '../../db/src/migrate.ts';
import { createApp } from './app.ts';
import { createSmtpMailer } from './identity/mail/smtp-mailer.ts';
import { createQueueFactory, queueStoreFromConfig } from '../../common/src/queue.ts';
import { APPOINTMENT_REMINDER_QUEUE, queueReminderScheduler, type ReminderJob } from './appointments/reminder-queue.ts';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import { loadApiConfig, type ApiConfig } from './config.ts';
import { createNotifier } from './notifications/notifier.ts';
import { createQueueBoardSource } from './queue-board/source.ts';
import { startResultReleaseJob } from './results/release.ts';

/** Compose the API from its dependencies; returns a closer. Used by main and by the start command. */
export async function startApi(config: ApiConfig, opts: { logger?: ReturnType<typeof createLogger> } = {}) {
  const logger = opts.logger ?? createLogger({ name: 'api', level: config.LOG_LEVEL });
  const db = createPool(config.DATABASE_URL, { applicationName: 'vitals-api' });
  await migrate(db, { logger });
  const mailer = config.SMTP_URL ? createSmtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM }) : undefined;
  // live events: the alerts SSE stream listens, lifecycle changes and gateway revocations publish
  const live = createLiveEvents(config, db);
  const queues = createQueueFactory(queueStoreFromConfig(config));
  const appointmentReminders = queueReminderScheduler({ queue: queues.queue<ReminderJob>(APPOINTMENT_REMINDER_QUEUE), clock: systemClock, logger });
  const app = createApp({ db, logger, clock: systemClock, live, config, identity: { mailer, trustProxyHops: config.TRUST_PROXY_HOPS }, appointmentReminders, alertQueue: queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE), queues: createQueueBoardSource(queues) });
  // results verified with a release delay reach patients (and their notifications) when it ends
  const release = startResultReleaseJob({ db, clock: systemClock, logger, notifier: createNotifier({ db, clock: systemClock, logger, mailer: mailer ?? null }) });
  const server = await listen(app.fetch, { port: config.HTTP_PORT, host: config.HTTP_HOST });
  logger.info({ port: server.port }, 'api listening');
  return {
    url: server.url,
    closers: [
      { name: 'db', close: () => db.end() },
      { name: 'live', close: () => live.close() },
      { name: 'queues', close: () => queues.close() },
      { name: 'result-release', close: () => release.close() },
      { name: 'mailer', close: async () => mailer?.close() },
      { name: 'http', close: () => server.close() },
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runMain(async () => {
    const config = loadApiConfig(process.env);
    const logger = createLogger({ name: 'api', level: config.LOG_LEVEL });
    const { closers } = await startApi(config, { logger });
    closeOnSignals(closers, logger);
  });
}
