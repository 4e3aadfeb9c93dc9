import { isSuspectValue } from '../../../common/src/jobs/evaluation-priority.ts';
import type pg from 'pg';
import type { WireReading } from '../../../common/src/wire/readings.ts';
import type { BatchVerdict, RejectReason } from './validate-batch.ts';

/** One received MQTT message with the verdict of validation. */
export interface Submission {
  gatewayId: string;
  topic: string;
  payload: Buffer;
  receivedAt: Date;
  verdict: BatchVerdict;
}

export interface PatientTouch {
  patientId: string;
  metrics: Set<string>;
  readingIds: string[];
  from: number;
  to: number;
  /** A value outside the wide normal bands: its evaluation goes to the front (common/src/jobs/evaluation-priority.ts). */
  suspect?: boolean;
}

export interface CommitResult {
  rowsInserted: number;
  rowsDuplicate: number;
  readingsStored: number;
  deadLettered: number;
  deadByReason: Partial<Record<RejectReason, number>>;
  patients: PatientTouch[];
}

interface DeadLetter {
  gatewayId: string;
  topic: string;
  reason: RejectReason;
  detail: string;
  payload: Buffer;
  receivedAt: Date;
}

/** Oversized payloads are kept only in part: enough to diagnose, not enough to fill the disk. */
const MAX_DEAD_LETTER_BYTES = 64 * 1024;

/**
 * Commit a group of submissions in one transaction: readings mapped to the patient the device was
 * assigned to at measured_at, inserted with ON CONFLICT DO NOTHING (resends are harmless), and
 * everything refused recorded as a dead letter with its reason and raw payload. Nothing is dropped.
 */
export async function commitSubmissions(db: pg.Pool, subs: Submission[], opts: { inTransaction?: (client: pg.PoolClient) => Promise<void> } = {}): Promise<CommitResult> {
  const dead: DeadLetter[] = [];
  const candidates: Array<{ r: WireReading; sub: Submission }> = [];
  for (const s of subs) {
    if (!s.verdict.ok) {
      dead.push({ gatewayId: s.gatewayId, topic: s.topic, reason: s.verdict.reason, detail: s.verdict.detail, payload: s.payload, receivedAt: s.receivedAt });
      continue;
    }
    for (const rej of s.verdict.rejected) dead.push(readingDeadLetter(s, rej.reading, rej.reason, rej.detail));
    for (const r of s.verdict.accepted) candidates.push({ r, sub: s });
  }

  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const mapping = await mapDevices(client, candidates.map((c) => c.r));
    const rows: Row[] = [];
    const patients = new Map<string, PatientTouch>();
    for (const [i, c] of candidates.entries()) {
      const m = mapping[i]!;
      if (!m.deviceId || !m.patientId) {
        dead.push(
          readingDeadLetter(c.sub, c.r, m.deviceId ? 'unassigned_device' : 'unknown_device', m.deviceId ? 'the device was not assigned to a patient at measuredAt' : 'no registered device has this deviceId'),
        );
        continue;
      }
      const at = Date.parse(c.r.measuredAt);
      const touch = patients.get(m.patientId) ?? { patientId: m.patientId, metrics: new Set(), readingIds: [], from: at, to: at };
      touch.readingIds.push(c.r.id);
      touch.from = Math.min(touch.from, at);
      touch.to = Math.max(touch.to, at);
      patients.set(m.patientId, touch);
      for (const v of c.r.values) {
        touch.metrics.add(v.metric);
        if (isSuspectValue(v.metric, v.value)) touch.suspect = true;
        rows.push({ r: c.r, v, patientId: m.patientId, deviceId: m.deviceId, gatewayId: c.sub.gatewayId, receivedAt: c.sub.receivedAt });
      }
    }
    // Concurrent commits (several ingest replicas, or a resend racing its original) take row locks
    // in one order, so they wait for each other instead of deadlocking: readings by id here,
    // devices by id in touchDevices.
    rows.sort((x, y) => (x.r.id < y.r.id ? -1 : x.r.id > y.r.id ? 1 : x.v.metric < y.v.metric ? -1 : x.v.metric > y.v.metric ? 1 : 0));
    const inserted = rows.length ? await insertReadings(client, rows) : 0;
    if (dead.length) await insertDeadLetters(client, dead);
    await touchDevices(client, rows);
    await opts.inTransaction?.(client);
    await client.query('COMMIT');
    const storedIds = new Set(rows.map((r) => r.r.id));
    const deadByReason: Partial<Record<RejectReason, number>> = {};
    for (const d of dead) deadByReason[d.reason] = (deadByReason[d.reason] ?? 0) + 1;
    return { rowsInserted: inserted, rowsDuplicate: rows.length - inserted, readingsStored: storedIds.size, deadLettered: dead.length, deadByReason, patients: [...patients.values()] };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function readingDeadLetter(s: Pick<Submission, 'gatewayId' | 'topic' | 'receivedAt' | 'verdict'>, r: WireReading, reason: RejectReason, detail: string): DeadLetter {
  // The dead letter holds a one-reading batch, so re-processing it later goes through the same path,
  // under the trace of the batch it came in (the raw payload of a refused message keeps its own).
  const sentAt = s.verdict.ok ? s.verdict.batch.sentAt : s.receivedAt.toISOString();
  const traceparent = s.verdict.ok ? s.verdict.batch.traceparent : undefined;
  const payload = Buffer.from(JSON.stringify({ v: 1, gatewayId: s.gatewayId, sentAt, readings: [r], traceparent }));
  return { gatewayId: s.gatewayId, topic: s.topic, reason, detail, payload, receivedAt: s.receivedAt };
}

async function mapDevices(client: pg.PoolClient, readings: WireReading[]): Promise<Array<{ deviceId: string | null; patientId: string | null }>> {
  if (!readings.length) return [];
  const { rows } = await client.query<{ idx: number; device_id: string | null; patient_id: string | null }>(
    `SELECT x.idx::int AS idx, d.id AS device_id, a.patient_id
       FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS x(key, at, idx)
       LEFT JOIN devices d ON d.device_key = x.key
       LEFT JOIN device_assignments a ON a.device_id = d.id AND a.valid @> x.at
      ORDER BY x.idx`,
    [readings.map((r) => r.deviceId), readings.map((r) => r.measuredAt)],
  );
  return rows.map((r) => ({ deviceId: r.device_id, patientId: r.patient_id }));
}

interface Row {
  r: WireReading;
  v: WireReading['values'][number];
  patientId: string;
  deviceId: string;
  gatewayId: string;
  receivedAt: Date;
}

/** One INSERT for the whole group via unnest(): one round trip however many rows. */
async function insertReadings(client: pg.PoolClient, rows: Row[]): Promise<number> {
  const res = await client.query(
    `INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, gateway_id, value, unit,
                           original_value, original_unit, characteristic, sequence, device_time, flags, context, received_at)
     SELECT u.reading_id, u.metric, u.measured_at, u.patient_id, u.device_id, u.gateway_id, u.value, u.unit,
            u.original_value, u.original_unit, u.characteristic, u.sequence, u.device_time,
            CASE WHEN u.flags IS NULL THEN NULL ELSE string_to_array(u.flags, ',') END, u.context, u.received_at
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::uuid[], $6::text[], $7::float8[], $8::text[],
                   $9::float8[], $10::text[], $11::text[], $12::int[], $13::text[], $14::text[], $15::jsonb[], $16::timestamptz[])
         AS u(reading_id, metric, measured_at, patient_id, device_id, gateway_id, value, unit,
              original_value, original_unit, characteristic, sequence, device_time, flags, context, received_at)
     ON CONFLICT DO NOTHING`,
    [
      rows.map((x) => x.r.id),
      rows.map((x) => x.v.metric),
      rows.map((x) => x.r.measuredAt),
      rows.map((x) => x.patientId),
      rows.map((x) => x.deviceId),
      rows.map((x) => x.gatewayId),
      rows.map((x) => x.v.value),
      rows.map((x) => x.v.unit),
      rows.map((x) => x.v.originalValue ?? null),
      rows.map((x) => x.v.originalUnit ?? null),
      rows.map((x) => x.r.characteristic),
      rows.map((x) => x.r.sequence ?? null),
      rows.map((x) => x.r.deviceTime ?? null),
      rows.map((x) => (x.r.flags?.length ? x.r.flags.map((f) => f.replace(/,/g, ' ')).join(',') : null)),
      rows.map((x) => (x.r.context ? JSON.stringify(x.r.context) : null)),
      rows.map((x) => x.receivedAt),
    ],
  );
  return res.rowCount ?? 0;
}

async function insertDeadLetters(client: pg.PoolClient, dead: DeadLetter[]): Promise<void> {
  await client.query(
    `INSERT INTO dead_letters (source, gateway_id, topic, reason, detail, raw_payload, received_at)
     SELECT 'mqtt', g, t, r, jsonb_build_object('message', d, 'bytes', n), p, at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bytea[], $7::timestamptz[]) AS u(g, t, r, d, n, p, at)`,
    [
      dead.map((d) => d.gatewayId),
      dead.map((d) => d.topic),
      dead.map((d) => d.reason),
      dead.map((d) => d.detail),
      dead.map((d) => d.payload.length),
      dead.map((d) => d.payload.subarray(0, MAX_DEAD_LETTER_BYTES)),
      dead.map((d) => d.receivedAt),
    ],
  );
}

async function touchDevices(client: pg.PoolClient, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const last = new Map<string, Date>();
  for (const x of rows) if (!last.has(x.deviceId) || last.get(x.deviceId)! < x.receivedAt) last.set(x.deviceId, x.receivedAt);
  // an UPDATE … FROM locks rows in its join's order, which differs between commits: lock in id order first
  await client.query('SELECT 1 FROM devices WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE', [[...last.keys()]]);
  await client.query(
    `UPDATE devices d SET last_sync_at = GREATEST(d.last_sync_at, u.at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE d.id = u.id`,
    [[...last.keys()], [...last.values()]],
  );
}
