-- Clinician remote-monitoring workflow (issue 12): RPM programmes and enrolments, the adherence
-- ladder, reading annotations, time and contact logs, the triage worklist's claims, notes and
-- reviews, versioned RPM billing rule sets, and a daily rollup of glucose range counts for the
-- worklist. docs/rpm-workflow.md explains the rules these tables serve.

-- ---------------------------------------------------------------------------------------------
-- Billing rule sets. A change of payer rules is a new version, never an edit: reports name the
-- version they applied, so a bill can always be traced to the rules behind it.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE rpm_billing_rule_sets (
  version         text PRIMARY KEY CHECK (version ~ '^[a-z0-9][a-z0-9.-]{1,40}$'),
  -- the set applies to billing periods starting on or after this date, until the next set's
  effective_from  date NOT NULL UNIQUE,
  rules           jsonb NOT NULL,
  source          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER rpm_billing_rule_sets_append_only BEFORE UPDATE OR DELETE ON rpm_billing_rule_sets
  FOR EACH ROW EXECUTE FUNCTION portal_append_only();

-- Medicare RPM codes since the CY 2021 physician fee schedule (85 FR 84472, corrected 86 FR 5020):
-- 99453 once per episode with 16 days of data; 99454 with 16 of 30 days; 99457 for the first 20
-- minutes in a calendar month with an interactive (real-time audio or video) communication;
-- 99458 for each further 20 minutes.
INSERT INTO rpm_billing_rule_sets (version, effective_from, rules, source) VALUES
('cms-rpm-2021', DATE '2021-01-01', '{
   "setup": {"code": "99453", "minDeviceDays": 16},
   "deviceSupply": {"periodDays": 30, "tiers": [{"code": "99454", "minDays": 16}]},
   "management": {
     "interactiveChannels": ["phone", "video"],
     "tiers": [{"code": "99457", "minMinutes": 20}],
     "addOn": {"code": "99458", "afterCode": "99457", "everyMinutes": 20}
   }
 }', 'CMS CY 2021 Physician Fee Schedule final rule, 85 FR 84472 (2020-12-28), corrected 86 FR 5020 (2021-01-19); CPT 99453, 99454, 99457, 99458'),
-- CY 2026 added 99445 (device supply, 2-15 days in 30) and 99470 (first 10 minutes); neither is
-- billed with its 16-day or 20-minute counterpart.
('cms-rpm-2026', DATE '2026-01-01', '{
   "setup": {"code": "99453", "minDeviceDays": 16},
   "deviceSupply": {"periodDays": 30, "tiers": [{"code": "99454", "minDays": 16}, {"code": "99445", "minDays": 2}]},
   "management": {
     "interactiveChannels": ["phone", "video"],
     "tiers": [{"code": "99457", "minMinutes": 20}, {"code": "99470", "minMinutes": 10}],
     "addOn": {"code": "99458", "afterCode": "99457", "everyMinutes": 20}
   }
 }', 'CMS CY 2026 Physician Fee Schedule final rule (2025-10-31): new CPT 99445 and 99470 beside 99453, 99454, 99457, 99458');

-- ---------------------------------------------------------------------------------------------
-- Programmes and enrolments
-- ---------------------------------------------------------------------------------------------

-- device_period: how 99454 days are counted. 'calendar_month': per local calendar month (what most
-- billing teams do); 'enrolment_30_days': per run of 30 local days from the enrolment date.
-- rules_version pins a rule set; NULL takes the set in effect on each period's first day.
CREATE TABLE rpm_programs (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id      uuid NOT NULL REFERENCES clinics(id),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  device_period  text NOT NULL DEFAULT 'calendar_month' CHECK (device_period IN ('calendar_month', 'enrolment_30_days')),
  rules_version  text REFERENCES rpm_billing_rule_sets(version),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, name)
);

-- The adherence ladder of a programme: after `after_hours` without a reading, do `action`.
-- Steps run in `step` order; the worker refuses a ladder whose hours do not increase with the step.
CREATE TABLE rpm_ladder_steps (
  program_id   uuid NOT NULL REFERENCES rpm_programs(id) ON DELETE CASCADE,
  step         smallint NOT NULL CHECK (step BETWEEN 1 AND 9),
  action       text NOT NULL CHECK (action IN ('patient_nudge', 'nurse_task', 'lead_escalation')),
  after_hours  double precision NOT NULL CHECK (after_hours > 0 AND after_hours <= 24 * 90),
  enabled      boolean NOT NULL DEFAULT true,
  PRIMARY KEY (program_id, step)
);

-- One episode of remote monitoring: a patient in a programme, run by one care team (its tier 1
-- gets the ladder's tasks, its highest tier the escalations). setup_completed_at records device
-- set-up and patient education, the service CPT 99453 pays for once per episode.
CREATE TABLE rpm_enrolments (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id          uuid NOT NULL REFERENCES rpm_programs(id),
  patient_id          uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  care_team_id        uuid NOT NULL REFERENCES care_teams(id),
  started_at          timestamptz NOT NULL,
  ended_at            timestamptz CHECK (ended_at IS NULL OR ended_at > started_at),
  setup_completed_at  timestamptz,
  setup_by            uuid REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  -- one episode at a time: 99453 and the ladder both belong to exactly one
  EXCLUDE USING gist (patient_id WITH =, tstzrange(started_at, ended_at) WITH &&)
);
CREATE INDEX rpm_enrolments_team_idx ON rpm_enrolments (care_team_id) WHERE ended_at IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Adherence ladder
-- ---------------------------------------------------------------------------------------------

-- A gap in readings that reached at least one step. gap_since is the newest reading before the
-- gap; a reading after it cancels the run (and closes its tasks). `fired` lists the steps done:
-- [{ "step": 1, "action": "patient_nudge", "at": "…" }].
CREATE TABLE rpm_ladder_runs (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enrolment_id  uuid NOT NULL REFERENCES rpm_enrolments(id) ON DELETE CASCADE,
  patient_id    uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  gap_since     timestamptz NOT NULL,
  fired         jsonb NOT NULL DEFAULT '[]',
  state         text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'cancelled')),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  cancelled_at  timestamptz,
  CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE UNIQUE INDEX rpm_ladder_runs_one_active ON rpm_ladder_runs (enrolment_id) WHERE state = 'active';
CREATE INDEX rpm_ladder_runs_patient_idx ON rpm_ladder_runs (patient_id, created_at DESC);

-- Work the ladder hands to people: a follow-up for the nurses (tier 1), an escalation for the lead.
CREATE TABLE rpm_tasks (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  care_team_id   uuid NOT NULL REFERENCES care_teams(id),
  ladder_run_id  uuid NOT NULL REFERENCES rpm_ladder_runs(id) ON DELETE CASCADE,
  kind           text NOT NULL CHECK (kind IN ('adherence_follow_up', 'adherence_escalation')),
  tier           smallint NOT NULL CHECK (tier BETWEEN 1 AND 9),
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at     timestamptz NOT NULL,
  closed_at      timestamptz,
  close_reason   text,
  UNIQUE (ladder_run_id, kind),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX rpm_tasks_open_idx ON rpm_tasks (care_team_id, patient_id) WHERE status = 'open';

-- ---------------------------------------------------------------------------------------------
-- Reading annotations (meals, symptoms, medication, measurement conditions)
-- ---------------------------------------------------------------------------------------------

-- Tied to a reading (reading_id, with `at` its measured_at) or to a time alone. readings has no
-- single-column key (its key includes the metric and time), so reading_id is checked by the API,
-- not by a foreign key. Deletion is soft: who wrote and removed what stays visible to audit.
CREATE TABLE reading_annotations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  reading_id   uuid,
  at           timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('meal', 'symptom', 'medication', 'measurement_condition')),
  detail       jsonb NOT NULL,
  note         text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 1000),
  author_id    uuid NOT NULL REFERENCES users(id),
  author_role  text NOT NULL,
  created_at   timestamptz NOT NULL,
  deleted_at   timestamptz,
  deleted_by   uuid REFERENCES users(id),
  CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);
CREATE INDEX reading_annotations_patient_at_idx ON reading_annotations (patient_id, at) WHERE deleted_at IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Time and contact logs (CPT 99457/99458 evidence)
-- ---------------------------------------------------------------------------------------------

-- One row per stretch of monitoring work by a clinician for a patient: a timer (server clock at
-- start and stop; duration NULL while it runs), minutes entered by hand, or an interactive
-- communication (channel and duration). Each minute is in exactly one row, so nothing is counted
-- twice.
CREATE TABLE rpm_time_entries (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id        uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  clinician_id      uuid NOT NULL REFERENCES users(id),
  kind              text NOT NULL CHECK (kind IN ('timer', 'manual', 'communication')),
  channel           text CHECK (channel IN ('video', 'phone', 'message')),
  started_at        timestamptz NOT NULL,
  duration_seconds  integer CHECK (duration_seconds BETWEEN 0 AND 86400),
  note              text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
  created_at        timestamptz NOT NULL,
  CHECK ((kind = 'communication') = (channel IS NOT NULL)),
  CHECK (kind = 'timer' OR duration_seconds IS NOT NULL)
);
CREATE UNIQUE INDEX rpm_time_entries_one_running ON rpm_time_entries (patient_id, clinician_id) WHERE kind = 'timer' AND duration_seconds IS NULL;
CREATE INDEX rpm_time_entries_patient_idx ON rpm_time_entries (patient_id, started_at);

-- ---------------------------------------------------------------------------------------------
-- Worklist: claims, notes and reviews, per care team
-- ---------------------------------------------------------------------------------------------

CREATE TABLE worklist_claims (
  care_team_id  uuid NOT NULL REFERENCES care_teams(id) ON DELETE CASCADE,
  patient_id    uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  claimed_by    uuid NOT NULL REFERENCES users(id),
  claimed_at    timestamptz NOT NULL,
  PRIMARY KEY (care_team_id, patient_id)
);

CREATE TABLE worklist_notes (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  care_team_id  uuid NOT NULL REFERENCES care_teams(id) ON DELETE CASCADE,
  patient_id    uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  author_id     uuid NOT NULL REFERENCES users(id),
  text          text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  created_at    timestamptz NOT NULL
);
CREATE INDEX worklist_notes_patient_idx ON worklist_notes (care_team_id, patient_id, created_at DESC);

-- "Reviewed" for a period: the patient's local calendar month, the unit of RPM management time.
CREATE TABLE worklist_reviews (
  care_team_id  uuid NOT NULL REFERENCES care_teams(id) ON DELETE CASCADE,
  patient_id    uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  period        text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  reviewed_by   uuid NOT NULL REFERENCES users(id),
  reviewed_at   timestamptz NOT NULL,
  PRIMARY KEY (care_team_id, patient_id, period)
);

-- ---------------------------------------------------------------------------------------------
-- Glucose range counts per patient and local day, for the worklist's time-in-range flags
-- ---------------------------------------------------------------------------------------------

-- Counts at the consensus thresholds (54, 70, 180 mg/dL), split by whether the reading came from a
-- CGM (the consensus metrics are CGM metrics; meters are judged apart). time_zone is the zone the
-- day was keyed in: rows in another zone than the patient's are not used. Kept by
-- api/src/worklist/glucose-ranges-refresh.ts with the same watermark scheme as readings_daily.
CREATE TABLE glucose_ranges_daily (
  patient_id  uuid NOT NULL,
  local_date  date NOT NULL,
  cgm         boolean NOT NULL,
  time_zone   text NOT NULL,
  n           integer NOT NULL CHECK (n > 0),
  below_54    integer NOT NULL,
  below_70    integer NOT NULL,
  above_180   integer NOT NULL,
  PRIMARY KEY (patient_id, local_date, cgm)
);

CREATE TABLE glucose_ranges_state (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  watermark    timestamptz NOT NULL DEFAULT '-infinity',
  last_run_at  timestamptz
);
INSERT INTO glucose_ranges_state DEFAULT VALUES;
