/**
 * Remote-monitoring compliance data: which local days each patient has a reading on (any metric),
 * and which patients a staff member may list. Days come from `readings_daily`, plus raw readings
 * the rollup may not hold yet (received since the watermark); a patient whose daily rollup is
 * keyed in an old zone is read raw. Presence of a day, and its earliest reading, combine exactly
 * across the two sources, so the union is the answer.
 */
import type pg from 'pg';
import { METRIC_NAMES } from '../../../common/src/metrics.ts';
import type { UserPrincipal } from '../auth/principal.ts';

/** A patient whose days are wanted, from `fromDate` on. */
export interface DaysQuery {
  patientId: string;
  timeZone: string;
  fromDate: string;
  dailyRollupUsable: boolean;
}

/** One local day with a reading and the instant of its earliest reading (epoch ms). */
export interface ReadingDay {
  date: string;
  t: number;
}

const ROLLUP_DAYS_SQL = `
  SELECT patient_id, local_date::text AS date, (extract(epoch FROM min(first_at)) * 1000)::float8 AS t
    FROM readings_daily
   WHERE patient_id = ANY($1::uuid[]) AND local_date >= $2::date
   GROUP BY patient_id, local_date`;

// Materialized, so the planner reads it by received_at (the minutes since the last rollup run)
// and never walks each patient's whole history looking for recent rows.
const RECENT_DAYS_SQL = `
  WITH recent AS MATERIALIZED (SELECT patient_id, measured_at FROM readings WHERE received_at >= $1::timestamptz)
  SELECT r.patient_id, (r.measured_at AT TIME ZONE p.timezone)::date::text AS date, (extract(epoch FROM min(r.measured_at)) * 1000)::float8 AS t
    FROM recent r JOIN patients p ON p.id = r.patient_id
   WHERE r.patient_id = ANY($2::uuid[])
   GROUP BY 1, 2`;

const RAW_DAYS_SQL = `
  SELECT r.patient_id, (r.measured_at AT TIME ZONE p.timezone)::date::text AS date, (extract(epoch FROM min(r.measured_at)) * 1000)::float8 AS t
    FROM readings r JOIN patients p ON p.id = r.patient_id
   WHERE r.patient_id = ANY($1::uuid[]) AND r.metric = ANY($2::text[]) AND r.measured_at >= $3
   GROUP BY 1, 2`;

type DayRow = ReadingDay & { patient_id: string };

/**
 * Local days with at least one reading, per patient, from each patient's `fromDate` on. Three
 * plain queries, each on its own index with constant bounds (per-patient bounds in one join made
 * the planner scan the whole rollup): rollup days, days of readings received since the watermark,
 * and raw days for patients whose rollup is keyed in an old zone. Each patient's dates are then
 * cut at their own `fromDate`.
 *
 * @param watermark - the rollup watermark (PatientTrendContext.watermark)
 * @returns every asked patient, with an empty list when they have no such day
 */
export async function readingDays(db: pg.Pool, wanted: readonly DaysQuery[], watermark: string): Promise<Map<string, ReadingDay[]>> {
  if (!wanted.length) return new Map();
  const earliest = wanted.map((w) => w.fromDate).sort()[0]!;
  const usable = wanted.filter((w) => w.dailyRollupUsable).map((w) => w.patientId);
  const stale = wanted.filter((w) => !w.dailyRollupUsable).map((w) => w.patientId);
  // two days before the earliest date: no zone is that far from UTC
  const rawFrom = new Date(Date.parse(`${earliest}T00:00:00Z`) - 2 * 86_400_000);
  const results = await Promise.all([
    usable.length ? db.query<DayRow>(ROLLUP_DAYS_SQL, [usable, earliest]) : null,
    usable.length ? db.query<DayRow>(RECENT_DAYS_SQL, [watermark, usable]) : null,
    stale.length ? db.query<DayRow>(RAW_DAYS_SQL, [stale, METRIC_NAMES, rawFrom]) : null,
  ]);
  const earliestOf = new Map<string, Map<string, number>>(wanted.map((w) => [w.patientId, new Map()]));
  for (const r of results.flatMap((q) => q?.rows ?? [])) {
    const days = earliestOf.get(r.patient_id)!;
    days.set(r.date, Math.min(r.t, days.get(r.date) ?? Infinity));
  }
  return new Map(
    wanted.map((w) => [w.patientId, [...earliestOf.get(w.patientId)!].filter(([date]) => date >= w.fromDate).map(([date, t]) => ({ date, t }))]),
  );
}

/** A patient under remote monitoring and their current 30-day period, as the clinic list needs them. */
export interface MonitoredPatient {
  patientId: string;
  givenName: string;
  familyName: string;
  mrn: string;
  timeZone: string;
  /** Local date of the first device assignment: period 0 starts then. */
  monitoringSince: string;
  dailyRollupUsable: boolean;
  /** The local date at `asOf`. */
  today: string;
  /** The current period: its index, first local date and `[start, end)` instants (epoch ms). */
  periodIndex: number;
  startDate: string;
  startMs: number;
  endMs: number;
}

// The period arithmetic is done here, in SQL, because PostgreSQL's zone conversions cost far less
// than Intl's in a loop over a clinic's patients. A local day's start is date_trunc('day', …, tz)
// of its noon (never ambiguous), which is the start stats/time-zone.ts computes (the SQL and JS
// agreement is tested in stats/sql-agreement.int.test.ts).
const MONITORED_SQL = (who: string) => `
  SELECT p.id AS "patientId", p.given_name AS "givenName", p.family_name AS "familyName", p.mrn, p.timezone AS "timeZone",
         m.since::text AS "monitoringSince", m.today::text AS today, m.period_index AS "periodIndex", m.start_date::text AS "startDate",
         (extract(epoch FROM date_trunc('day', (m.start_date + TIME '12:00') AT TIME ZONE p.timezone, p.timezone)) * 1000)::float8 AS "startMs",
         (extract(epoch FROM date_trunc('day', (m.start_date + $3::int + TIME '12:00') AT TIME ZONE p.timezone, p.timezone)) * 1000)::float8 AS "endMs",
         (z.time_zone IS NULL OR z.time_zone = p.timezone) AS "dailyRollupUsable"
    FROM patients p
    LEFT JOIN trend_rollup_zones z ON z.patient_id = p.id
    CROSS JOIN LATERAL (
      SELECT s.since, s.today, greatest(0, s.today - s.since) / $3::int AS period_index,
             s.since + greatest(0, s.today - s.since) / $3::int * $3::int AS start_date
        FROM (SELECT (min(lower(a.valid)) AT TIME ZONE p.timezone)::date AS since, ($2::timestamptz AT TIME ZONE p.timezone)::date AS today
                FROM device_assignments a WHERE a.patient_id = p.id) AS s
    ) AS m
   WHERE ${who}
     AND EXISTS (SELECT 1 FROM device_assignments a WHERE a.patient_id = p.id AND a.valid @> $2::timestamptz)
   ORDER BY p.family_name, p.given_name, p.id`;

// Who may be listed, per role: fixed SQL, never text from the request.
const LISTED_BY_ROLE = {
  clinician: MONITORED_SQL(
    `p.id IN (SELECT tp.patient_id FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id WHERE m.user_id = $1)`,
  ),
  admin: MONITORED_SQL(`p.clinic_id = $1`),
} as const;

/**
 * The patients a staff member may see in the clinic-wide compliance list, with the limit built
 * in (CONVENTIONS 9): a clinician sees the monitored patients (a device assigned now) of their
 * care teams, an administrator every monitored patient of their clinic (billing needs them all).
 */
export function monitoredPatientsFor(principal: UserPrincipal & { role: 'clinician' | 'admin' }) {
  return {
    async list(db: pg.Pool, asOf: Date, periodDays: number): Promise<MonitoredPatient[]> {
      const subject = principal.role === 'clinician' ? principal.userId : principal.clinicId;
      return (await db.query<MonitoredPatient>(LISTED_BY_ROLE[principal.role], [subject, asOf, periodDays])).rows;
    },
  };
}
