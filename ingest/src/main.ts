import type { Queue } from 'bullmq';
import { systemClock, type Clock } from '../../common/src/clock.ts';
import { runMain } from '../../common/src/config.ts';
import { listen } from '../../common/src/http-server.ts';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import { closeOnSignals, type Closer } from '../../common/src/lifecycle.ts';
import { createLiveEvents } from '../../common/src/live-events.ts';
import { createLogger, type Logger } from '../../common/src/logger.ts';
import { createQueueFactory, queueStoreFromConfig } from '../../common/src/queue.ts';
import { migrate } from '../../db/src/migrate.ts';
import { createPool } from '../../db/src/pool.ts';
import { startEmbeddedBroker } from './broker/embedded-broker.ts';
import { startExternalConsumer } from './broker/external-consumer.ts';
import { loadIngestConfig, type IngestConfig } from './config.ts';
import { createIngestMetrics } from './metrics.ts';
import { opsRoutes } from '../../common/src/ops-routes.ts';
import { createIngestPipeline } from './pipeline/pipeline.ts';

export interface IngestHandle {
  mqttPort?: number;
  wsPort?: number;
  tlsPort?: number;
  httpUrl: string;
  closers: Closer[];
}

/**
 * Compose ingest: pool, queue, live events, pipeline, then either the embedded aedes broker or
 * the external-broker consumer (MQTT_URL set), and the operations HTTP endpoint.
 */
export async function startIngest(config: IngestConfig, opts: { logger?: Logger; clock?: Clock; queuePrefix?: string } = {}): Promise<IngestHandle> {
  const logger = opts.logger ?? createLogger({ name: 'ingest', level: config.LOG_LEVEL });
  const clock = opts.clock ?? systemClock;
  const closers: Closer[] = [];
  const db = createPool(config.DATABASE_URL, { max: 8, applicationName: 'vitals-ingest' });
  closers.push({ name: 'db', close: () => db.end() });
  await migrate(db, { logger });
  const queues = createQueueFactory(queueStoreFromConfig(config), opts.queuePrefix ? { prefix: opts.queuePrefix } : {});
  closers.push({ name: 'queues', close: () => queues.close() });
  const alertQueue: Queue<AlertEvaluationJob> = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
  const live = createLiveEvents(config, db);
  closers.push({ name: 'live', close: () => live.close() });
  const metrics = createIngestMetrics();
  const pipeline = createIngestPipeline({ db, alertQueue, live, metrics, clock, logger, config });

  let ready = false;
  const ops = await listen(opsRoutes({ db, registry: metrics.registry, ready: () => ready, notReadyCheck: { broker: 'starting' } }).fetch, { port: config.HTTP_PORT, host: config.HTTP_HOST });
  closers.push({ name: 'ops-http', close: () => ops.close() });

  let mqttPort: number | undefined;
  let wsPort: number | undefined;
  let tlsPort: number | undefined;
  if (config.MQTT_URL) {
    const consumer = await startExternalConsumer({ pipeline, logger, config: { ...config, MQTT_URL: config.MQTT_URL } });
    closers.push({ name: 'mqtt-consumer', close: () => consumer.close() });
  } else {
    const broker = await startEmbeddedBroker({ db, pipeline, live, metrics, clock, logger, config });
    closers.push({ name: 'broker', close: () => broker.close() });
    mqttPort = broker.port;
    wsPort = broker.wsPort;
    tlsPort = broker.tlsPort;
  }
  ready = true;
  return { ...(mqttPort !== undefined ? { mqttPort } : {}), ...(wsPort !== undefined ? { wsPort } : {}), ...(tlsPort !== undefined ? { tlsPort } : {}), httpUrl: ops.url, closers };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runMain(async () => {
    const config = loadIngestConfig(process.env);
    const logger = createLogger({ name: 'ingest', level: config.LOG_LEVEL });
    const handle = await startIngest(config, { logger });
    closeOnSignals(handle.closers, logger);
    process.stdout.write(`ingest ready mqtt=${handle.mqttPort ?? 'external'} http=${handle.httpUrl}\n`);
  });
}
