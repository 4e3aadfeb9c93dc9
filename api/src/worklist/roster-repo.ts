/**
 * The worklist's roster: every patient of a care team with an RPM enrolment running now, with
 * what the team recorded about them (claim, latest note, review of the current month) and the
 * state of the adherence ladder — one query for the whole team.
 */
import type pg from 'pg';
import type { DevicePeriodKind } from '../rpm-billing/device-periods.ts';
import { PATIENT_LABEL_COLUMNS, type PatientLabel } from '../rpm-billing/patient-label.ts';

export interface RosterRow extends PatientLabel {
  enrolmentId: string;
  programId: string;
  enrolledAt: Date;
  endsAt: Date | null;
  devicePeriod: DevicePeriodKind;
  /** `readings_daily` rows are keyed in the patient's current zone (trends). */
  dailyRollupUsable: boolean;
  /** `glucose_ranges_daily` rows of the window are in the patient's zone and the consensus thresholds apply. */
  glucoseRollupUsable: boolean;
  veryLowBelow: number | null;
  lowBelow: number | null;
  highAbove: number | null;
  /** Newest local day in the daily rollup (readings not rolled up yet come from the days family). */
  lastRolledUpDate: string | null;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  lastNote: { text: string; authorId: string; at: string } | null;
  notes: number;
  ladderFired: Array<{ step: number; action: string; at: string }> | null;
  ladderGapSince: Date | null;
  openTasks: number;
}

const ROSTER_SQL = `
  SELECT ${PATIENT_LABEL_COLUMNS},
         e.id AS "enrolmentId", e.program_id AS "programId", e.started_at AS "enrolledAt", e.ended_at AS "endsAt", pr.device_period AS "devicePeriod",
         (z.time_zone IS NULL OR z.time_zone = p.timezone) AS "dailyRollupUsable",
         (gt.patient_id IS NULL AND NOT EXISTS (SELECT 1 FROM glucose_ranges_daily g WHERE g.patient_id = p.id AND g.local_date >= $3::date AND g.time_zone <> p.timezone)) AS "glucoseRollupUsable",
         gt.very_low_below AS "veryLowBelow", gt.low_below AS "lowBelow", gt.high_above AS "highAbove",
         (SELECT d.local_date::text FROM readings_daily d WHERE d.patient_id = p.id ORDER BY d.local_date DESC LIMIT 1) AS "lastRolledUpDate",
         c.claimed_by AS "claimedBy", cu.display_name AS "claimedByName", c.claimed_at AS "claimedAt",
         rv.reviewed_by AS "reviewedBy", rv.reviewed_at AS "reviewedAt",
         (SELECT json_build_object('text', n.text, 'authorId', n.author_id, 'at', n.created_at) FROM worklist_notes n
           WHERE n.care_team_id = $1 AND n.patient_id = p.id ORDER BY n.created_at DESC LIMIT 1) AS "lastNote",
         (SELECT count(*)::int FROM worklist_notes n WHERE n.care_team_id = $1 AND n.patient_id = p.id) AS notes,
         run.fired AS "ladderFired", run.gap_since AS "ladderGapSince",
         (SELECT count(*)::int FROM rpm_tasks t WHERE t.patient_id = p.id AND t.care_team_id = e.care_team_id AND t.status = 'open') AS "openTasks"
    FROM care_team_patients tp
    JOIN patients p ON p.id = tp.patient_id
    JOIN rpm_enrolments e ON e.patient_id = p.id AND e.started_at <= $2 AND (e.ended_at IS NULL OR e.ended_at > $2)
    JOIN rpm_programs pr ON pr.id = e.program_id
    LEFT JOIN trend_rollup_zones z ON z.patient_id = p.id
    LEFT JOIN patient_glucose_targets gt ON gt.patient_id = p.id
    LEFT JOIN worklist_claims c ON c.care_team_id = $1 AND c.patient_id = p.id
    LEFT JOIN users cu ON cu.id = c.claimed_by
    LEFT JOIN worklist_reviews rv ON rv.care_team_id = $1 AND rv.patient_id = p.id AND rv.period = to_char($2::timestamptz AT TIME ZONE p.timezone, 'YYYY-MM')
    LEFT JOIN rpm_ladder_runs run ON run.enrolment_id = e.id AND run.state = 'active'
   WHERE tp.care_team_id = $1`;

/**
 * The enrolled patients of a team. Call after checking the caller's membership: it checks nothing.
 *
 * @param earliestGlucoseDate - first local date of the glucose window (the oldest "today − 14" of any zone)
 */
export async function loadRoster(db: Pick<pg.Pool, 'query'>, teamId: string, now: Date, earliestGlucoseDate: string): Promise<RosterRow[]> {
  return (await db.query<RosterRow>(ROSTER_SQL, [teamId, now, earliestGlucoseDate])).rows;
}
