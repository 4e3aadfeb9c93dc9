/**
 * Time entries of clinicians' remote-monitoring work (migration 0011, `rpm_time_entries`): timers
 * started and stopped on the server's clock, minutes entered by hand, interactive communications.
 * Checks nothing about the caller: routes call guardPatient first.
 */
import type pg from 'pg';
import { ConflictError, NotFoundError } from '../../../common/src/errors/index.ts';
import type { CommunicationChannel } from '../rpm-billing/rule-set.ts';
import type { TimeEntry } from './schemas.ts';

type Db = Pick<pg.Pool, 'query'>;

/**
 * A timer left running (a closed laptop, a forgotten tab) is stopped at this length, so that it
 * cannot put a night into a bill; longer work is logged as several entries.
 */
export const TIMER_CAP_SECONDS = 240 * 60;

interface EntryRow {
  id: string;
  patient_id: string;
  clinician_id: string;
  kind: TimeEntry['kind'];
  channel: CommunicationChannel | null;
  started_at: Date;
  duration_seconds: number | null;
  note: string | null;
  created_at: Date;
}

const toEntry = (r: EntryRow): TimeEntry => ({
  id: r.id,
  patientId: r.patient_id,
  clinicianId: r.clinician_id,
  kind: r.kind,
  channel: r.channel,
  startedAt: r.started_at.toISOString(),
  endedAt: r.duration_seconds === null ? null : new Date(r.started_at.getTime() + r.duration_seconds * 1000).toISOString(),
  seconds: r.duration_seconds,
  note: r.note,
  createdAt: r.created_at.toISOString(),
});

/** @throws ConflictError when the clinician already has a timer running for the patient */
export async function startTimer(db: Db, patientId: string, clinicianId: string, now: Date): Promise<TimeEntry> {
  try {
    const { rows } = await db.query<EntryRow>(`INSERT INTO rpm_time_entries (patient_id, clinician_id, kind, started_at, created_at) VALUES ($1, $2, 'timer', $3, $3) RETURNING *`, [patientId, clinicianId, now]);
    return toEntry(rows[0]!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new ConflictError('you already have a timer running for this patient; stop it first');
    throw err;
  }
}

/**
 * Stop the clinician's running timer for the patient: the duration is the server's now minus the
 * server's start, capped at {@link TIMER_CAP_SECONDS}.
 *
 * @throws NotFoundError when no timer runs
 */
export async function stopTimer(db: Db, patientId: string, clinicianId: string, now: Date): Promise<TimeEntry & { capped: boolean }> {
  const { rows } = await db.query<EntryRow & { elapsed: number }>(
    `UPDATE rpm_time_entries SET duration_seconds = least($4, greatest(0, floor(extract(epoch FROM $3::timestamptz - started_at))))::int
      WHERE patient_id = $1 AND clinician_id = $2 AND kind = 'timer' AND duration_seconds IS NULL
     RETURNING *, extract(epoch FROM $3::timestamptz - started_at)::float8 AS elapsed`,
    [patientId, clinicianId, now, TIMER_CAP_SECONDS],
  );
  if (!rows[0]) throw new NotFoundError('you have no timer running for this patient');
  const { elapsed, ...row } = rows[0];
  return { ...toEntry(row), capped: elapsed > TIMER_CAP_SECONDS };
}

/** Minutes entered by hand, or an interactive communication (with its channel). */
export async function addEntry(
  db: Db,
  e: { patientId: string; clinicianId: string; kind: 'manual' | 'communication'; channel: CommunicationChannel | null; startedAt: Date; seconds: number; note: string | null; now: Date },
): Promise<TimeEntry> {
  const { rows } = await db.query<EntryRow>(
    `INSERT INTO rpm_time_entries (patient_id, clinician_id, kind, channel, started_at, duration_seconds, note, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [e.patientId, e.clinicianId, e.kind, e.channel, e.startedAt, e.seconds, e.note, e.now],
  );
  return toEntry(rows[0]!);
}

/** A patient's entries started in `[from, to)`, running timers included, oldest first. */
export async function entriesBetween(db: Db, patientId: string, from: Date, to: Date): Promise<TimeEntry[]> {
  const { rows } = await db.query<EntryRow>('SELECT * FROM rpm_time_entries WHERE patient_id = $1 AND started_at >= $2 AND started_at < $3 ORDER BY started_at, created_at', [patientId, from, to]);
  return rows.map(toEntry);
}

/** Finished entries of many patients started in `[from, to)`, by patient: what billing counts. */
export async function finishedEntries(db: Db, patientIds: readonly string[], from: Date, to: Date): Promise<Map<string, TimeEntry[]>> {
  const out = new Map<string, TimeEntry[]>(patientIds.map((id) => [id, []]));
  if (!patientIds.length) return out;
  const { rows } = await db.query<EntryRow>(
    'SELECT * FROM rpm_time_entries WHERE patient_id = ANY($1::uuid[]) AND started_at >= $2 AND started_at < $3 AND duration_seconds IS NOT NULL ORDER BY started_at',
    [patientIds, from, to],
  );
  for (const r of rows) out.get(r.patient_id)!.push(toEntry(r));
  return out;
}
