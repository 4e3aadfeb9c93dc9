import type pg from 'pg';
import { METRIC_NAMES, type Metric } from '../../common/src/metrics.ts';
import type { DeviceState, GatewayState, ReadingPoint, RecentPoints, ScheduledInput } from './rules/inputs.ts';
import { MAX_LOOKBACK_MS, windowsByMetric } from './rules/lookback.ts';
import { HOUR_MS } from './rules/points.ts';
import type { RuleConfig } from './rules/rule-config.ts';

/** GATT characteristic of CGM measurements: rate-of-change rules may use only these points. */
export const CGM_CHARACTERISTIC = '2AA7';

/**
 * Threshold rules judge the newest reading, whatever its age; a day back is enough to find it
 * for a patient who measures daily, and a late batch widens the window through `since`.
 */
const THRESHOLD_LOOKBACK_MS = 24 * HOUR_MS;

/** How far back each metric's points are needed by the reading-triggered rules. */
export const lookbackByMetric = (rules: readonly RuleConfig[]): Map<Metric, number> => windowsByMetric(rules, THRESHOLD_LOOKBACK_MS);

/**
 * The patient's points for judging the rules as of `now` and as of each new reading (from `since`),
 * by metric, oldest first: every point within each rule's window before the oldest instant judged,
 * and, for threshold rules, the readings of the newest instant before that (at most
 * THRESHOLD_LOOKBACK_MS back), since a threshold judges only the newest reading. A CGM's day is
 * 288 points; an evaluation reads the few of its rate-of-change window, not all of them.
 */
export async function loadRecentPoints(db: Pick<pg.Pool, 'query'>, patientId: string, rules: readonly RuleConfig[], now: Date, since?: Date): Promise<RecentPoints> {
  const lookback = lookbackByMetric(rules);
  if (lookback.size === 0) return {};
  const windows = windowsByMetric(rules, 0);
  const metrics = [...lookback.keys()];
  const oldestJudged = Math.min(now.getTime(), since?.getTime() ?? Infinity);
  const bound = (ms: number) => new Date(Math.max(now.getTime() - MAX_LOOKBACK_MS, oldestJudged - ms));
  const { rows } = await db.query<{ metric: Metric; measured_at: Date; value: number; characteristic: string | null }>(
    `SELECT r.metric, r.measured_at, r.value, r.characteristic
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS w(metric, since, floor)
       JOIN readings r ON r.patient_id = $1 AND r.metric = w.metric
        AND (r.measured_at >= w.since
             OR r.measured_at = (SELECT max(o.measured_at) FROM readings o
                                  WHERE o.patient_id = $1 AND o.metric = w.metric AND o.measured_at >= w.floor AND o.measured_at < w.since))
      ORDER BY r.measured_at`,
    [patientId, metrics, metrics.map((m) => bound(windows.get(m) ?? 0)), metrics.map((m) => bound(lookback.get(m)!))],
  );
  const points: Partial<Record<Metric, ReadingPoint[]>> = {};
  for (const r of rows) {
    (points[r.metric] ??= []).push({ at: r.measured_at, value: r.value, source: r.characteristic?.toUpperCase() === CGM_CHARACTERISTIC ? 'cgm' : 'spot' });
  }
  return points;
}

/**
 * What the scheduled rules judge for one patient: the newest reading per metric (one index probe
 * each), the devices assigned now with their battery, and the gateways those devices use.
 */
export async function loadScheduledInput(db: Pick<pg.Pool, 'query'>, patientId: string, now: Date): Promise<ScheduledInput> {
  const [last, devices] = await Promise.all([
    db.query<{ metric: Metric; at: Date | null }>(
      `SELECT m.metric, (SELECT max(r.measured_at) FROM readings r WHERE r.patient_id = $1 AND r.metric = m.metric) AS at
         FROM unnest($2::text[]) AS m(metric)`,
      [patientId, METRIC_NAMES],
    ),
    db.query<{ id: string; battery: number | null; gateway_id: string | null; gateway_state: string | null; last_seen_at: Date | null }>(
      `SELECT d.id, d.battery, d.gateway_id, g.state AS gateway_state, g.last_seen_at
         FROM device_assignments a JOIN devices d ON d.id = a.device_id LEFT JOIN gateways g ON g.id = d.gateway_id AND g.revoked_at IS NULL
        WHERE a.patient_id = $1 AND a.valid @> $2::timestamptz`,
      [patientId, now],
    ),
  ]);
  const lastReadingAt: Partial<Record<Metric, Date>> = {};
  for (const r of last.rows) if (r.at) lastReadingAt[r.metric] = r.at;
  const gateways = new Map<string, GatewayState>();
  for (const d of devices.rows) {
    if (d.gateway_id && d.gateway_state) gateways.set(d.gateway_id, { id: d.gateway_id, lastSeenAt: d.last_seen_at, online: d.gateway_state === 'online' });
  }
  return {
    lastReadingAt,
    devices: devices.rows.map((d): DeviceState => ({ id: d.id, battery: d.battery })),
    gateways: [...gateways.values()],
  };
}
