import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Queue } from 'bullmq';
import { alertEvaluationJobId, type AlertEvaluationJob } from '../../../common/src/jobs/alert-evaluation.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import type { Metric } from '../../../common/src/metrics.ts';
import { DEVICES } from '../../../db/src/seed-data.ts';
import { loadAlertsConfig, type AlertsConfig } from '../config.ts';
import { startAlerts, type AlertsOptions } from '../main.ts';

/** A reading to insert for a test; `cgm` marks it as characteristic 2AA7. */
export interface TestReading {
  metric: Metric;
  at: Date;
  value: number;
  cgm?: boolean;
}

/**
 * Inserts readings for a seeded patient and returns their ids: on one of the patient's seeded
 * devices, or any seeded device for a patient without one (readings do not reference devices).
 */
export async function insertReadings(db: pg.Pool, patientId: string, readings: readonly TestReading[]): Promise<string[]> {
  const device = DEVICES.find((d) => d.patientId === patientId) ?? DEVICES[0]!;
  const ids = readings.map(() => randomUUID());
  await db.query(
    `INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, gateway_id, value, unit, characteristic)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::uuid[], $6::text[], $7::float8[], $8::text[], $9::text[])`,
    [
      ids,
      readings.map((r) => r.metric),
      readings.map((r) => r.at),
      readings.map(() => patientId),
      readings.map(() => device.id),
      readings.map(() => device.gatewayId),
      readings.map((r) => r.value),
      readings.map(() => 'x'),
      readings.map((r) => (r.cgm ? '2AA7' : '2A18')),
    ],
  );
  return ids;
}

/** Enqueues an evaluation job the way ingest does (deterministic id from the reading ids). */
export async function enqueueEvaluation(queue: Queue<AlertEvaluationJob>, patientId: string, readingIds: string[], readings: readonly TestReading[], jobId?: string): Promise<void> {
  const times = readings.map((r) => r.at.getTime());
  await queue.add(
    'evaluate',
    { patientId, metrics: [...new Set(readings.map((r) => r.metric))], from: new Date(Math.min(...times)).toISOString(), to: new Date(Math.max(...times)).toISOString(), readingCount: readings.length },
    { jobId: jobId ?? alertEvaluationJobId(patientId, readingIds), attempts: 3, backoff: { type: 'fixed', delay: 100 } },
  );
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A unique BullMQ prefix (and Redis channel) per test run, so parallel files never share keys. */
export const uniquePrefix = (tag: string): string => `t-${tag}-${randomBytes(4).toString('hex')}`;

/** Alerts configuration for a test database: ops HTTP on a free port, quick webhook retries. */
export function testAlertsConfig(databaseUrl: string, extra: Record<string, string> = {}): AlertsConfig {
  return loadAlertsConfig({ DATABASE_URL: databaseUrl, HTTP_PORT: '0', LOG_LEVEL: 'silent', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_TIMEOUT_MS: '2000', ...extra });
}

/** Starts the whole alerts service for a test; returns a function that closes it in reverse order, with the ops URL. */
export async function startTestAlerts(config: AlertsConfig, opts: AlertsOptions = {}): Promise<(() => Promise<void>) & { httpUrl: string }> {
  const handle = await startAlerts(config, { logger: silentLogger(), ...opts });
  const stop = async () => {
    for (const c of [...handle.closers].reverse()) await c.close();
  };
  return Object.assign(stop, { httpUrl: handle.httpUrl });
}

/** The unresolved alert rows of a patient, for assertions. */
export async function unresolvedAlerts(db: pg.Pool, patientId: string) {
  const { rows } = await db.query<{ id: string; rule_id: string; severity: string; state: string; count: number; escalation_tier: number }>(
    "SELECT id, rule_id, severity, state, count, escalation_tier FROM alerts WHERE patient_id = $1 AND state <> 'resolved' ORDER BY rule_id",
    [patientId],
  );
  return rows;
}
