-- Patient portal: secure messaging, test results (release rules, call tasks for critical values)
-- and in-app notifications with per-kind preferences. docs/messages-results.md explains the rules.

-- Shared by every append-only table below: history is never rewritten, corrections are new rows.
CREATE FUNCTION portal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: write a new row instead', TG_TABLE_NAME;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Secure messaging
-- ---------------------------------------------------------------------------------------------

-- Who answers which pool. The care-team pool has no rows here: its members are the members of the
-- patient's own care teams. Front desk and billing are clinic-wide staff lists.
CREATE TABLE message_pool_members (
  clinic_id  uuid NOT NULL REFERENCES clinics(id),
  pool       text NOT NULL CHECK (pool IN ('front_desk', 'billing')),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (clinic_id, pool, user_id)
);
CREATE INDEX message_pool_members_user_idx ON message_pool_members (user_id);

CREATE TABLE message_threads (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id                uuid NOT NULL REFERENCES clinics(id),
  patient_id               uuid NOT NULL REFERENCES patients(id),
  topic                    text NOT NULL CHECK (topic IN ('medical_question', 'prescription_refill', 'appointment', 'billing')),
  pool                     text NOT NULL CHECK (pool IN ('care_team', 'front_desk', 'billing')),
  subject                  text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  status                   text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting_on_patient', 'closed')),
  assignee_id              uuid REFERENCES users(id),
  -- an adolescent's confidential conversation is hidden from a parent proxy
  adolescent_confidential  boolean NOT NULL DEFAULT false,
  created_by               uuid NOT NULL REFERENCES users(id),
  created_at               timestamptz NOT NULL,
  last_message_at          timestamptz NOT NULL
);
CREATE INDEX message_threads_patient_idx ON message_threads (patient_id, last_message_at DESC);
CREATE INDEX message_threads_inbox_idx ON message_threads (clinic_id, pool, status, last_message_at DESC);

-- Messages are never edited or deleted; `corrects_message_id` points a correction at what it corrects.
-- seq orders a thread and makes "read up to here" cheap.
CREATE TABLE messages (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                  bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  thread_id            uuid NOT NULL REFERENCES message_threads(id),
  author_id            uuid NOT NULL REFERENCES users(id),
  author_role          text NOT NULL CHECK (author_role IN ('patient', 'proxy', 'clinician', 'admin')),
  body                 text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  corrects_message_id  uuid REFERENCES messages(id),
  sent_at              timestamptz NOT NULL
);
CREATE INDEX messages_thread_idx ON messages (thread_id, seq);

-- Files are checked by their first bytes before they get here (PDF, PNG, JPEG only).
CREATE TABLE message_attachments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id    uuid NOT NULL REFERENCES messages(id),
  position      smallint NOT NULL CHECK (position >= 0),
  filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  sha256        text NOT NULL,
  data          bytea NOT NULL
);
CREATE UNIQUE INDEX message_attachments_message_idx ON message_attachments (message_id, position);

-- Read receipts: one row per message and reader, written once.
CREATE TABLE message_receipts (
  message_id  uuid NOT NULL REFERENCES messages(id),
  user_id     uuid NOT NULL REFERENCES users(id),
  read_at     timestamptz NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_receipts_user_idx ON message_receipts (user_id);

-- Assignment and status changes, so the inbox history can be replayed.
CREATE TABLE message_thread_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id  uuid NOT NULL REFERENCES message_threads(id),
  at         timestamptz NOT NULL,
  actor_id   uuid NOT NULL REFERENCES users(id),
  action     text NOT NULL CHECK (action IN ('claimed', 'assigned', 'unassigned', 'status')),
  detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX message_thread_events_thread_idx ON message_thread_events (thread_id, id);

CREATE TRIGGER messages_append_only BEFORE UPDATE OR DELETE ON messages FOR EACH ROW EXECUTE FUNCTION portal_append_only();
CREATE TRIGGER messages_no_truncate BEFORE TRUNCATE ON messages FOR EACH STATEMENT EXECUTE FUNCTION portal_append_only();
CREATE TRIGGER message_attachments_append_only BEFORE UPDATE OR DELETE ON message_attachments FOR EACH ROW EXECUTE FUNCTION portal_append_only();
CREATE TRIGGER message_attachments_no_truncate BEFORE TRUNCATE ON message_attachments FOR EACH STATEMENT EXECUTE FUNCTION portal_append_only();
CREATE TRIGGER message_receipts_append_only BEFORE UPDATE OR DELETE ON message_receipts FOR EACH ROW EXECUTE FUNCTION portal_append_only();
CREATE TRIGGER message_thread_events_append_only BEFORE UPDATE OR DELETE ON message_thread_events FOR EACH ROW EXECUTE FUNCTION portal_append_only();

-- ---------------------------------------------------------------------------------------------
-- Test results
-- ---------------------------------------------------------------------------------------------

-- Common tests: the patient-facing explanation, and the critical limits used to flag HH/LL when
-- the lab sends a value without them. Reference data, filled below.
CREATE TABLE lab_test_catalog (
  loinc          text PRIMARY KEY CHECK (loinc ~ '^[0-9]{1,7}-[0-9]$'),
  display_name   text NOT NULL,
  unit           text,
  critical_low   double precision,
  critical_high  double precision,
  explanation    text NOT NULL
);

-- How long after verification a category becomes visible in the portal (e.g. pathology: 3 days,
-- so the clinician can talk to the patient first). No row: visible on verification.
CREATE TABLE result_release_delays (
  clinic_id   uuid NOT NULL REFERENCES clinics(id),
  category    text NOT NULL,
  delay       interval NOT NULL CHECK (delay >= interval '0'),
  updated_by  uuid REFERENCES users(id),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, category)
);

CREATE TABLE lab_results (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id                uuid NOT NULL REFERENCES clinics(id),
  patient_id               uuid NOT NULL REFERENCES patients(id),
  ordered_by               uuid NOT NULL REFERENCES users(id),
  loinc                    text NOT NULL CHECK (loinc ~ '^[0-9]{1,7}-[0-9]$'),
  display_name             text NOT NULL,
  category                 text NOT NULL CHECK (category IN ('chemistry', 'hematology', 'endocrinology', 'lipids', 'urinalysis', 'microbiology', 'pathology', 'behavioral_health', 'substance_use', 'sexual_health', 'other')),
  value_numeric            double precision,
  value_text               text,
  unit                     text,
  ref_low                  double precision,
  ref_high                 double precision,
  ref_text                 text,
  -- N normal, L/H outside the reference range, LL/HH critical, A abnormal (text results)
  flag                     text CHECK (flag IN ('N', 'L', 'H', 'LL', 'HH', 'A')),
  flag_computed            boolean NOT NULL DEFAULT false,
  adolescent_confidential  boolean NOT NULL DEFAULT false,
  comment                  text,
  collected_at             timestamptz NOT NULL,
  resulted_at              timestamptz NOT NULL,
  verified_at              timestamptz,
  verified_by              uuid REFERENCES users(id),
  -- verified_at plus the category's delay, fixed at verification
  release_at               timestamptz,
  -- set once the patient (and proxies) were told about the released result
  release_notified_at      timestamptz,
  created_at               timestamptz NOT NULL,
  CHECK ((value_numeric IS NULL) <> (value_text IS NULL)),
  CHECK ((verified_at IS NULL) = (release_at IS NULL) AND (verified_at IS NULL) = (verified_by IS NULL))
);
CREATE INDEX lab_results_patient_idx ON lab_results (patient_id, collected_at DESC);
CREATE INDEX lab_results_trend_idx ON lab_results (patient_id, loinc, collected_at);
CREATE INDEX lab_results_release_due_idx ON lab_results (release_at) WHERE release_at IS NOT NULL AND release_notified_at IS NULL;

-- Work for the care team, tracked until done: a critical result means someone calls the patient.
CREATE TABLE care_tasks (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id        uuid NOT NULL REFERENCES clinics(id),
  patient_id       uuid NOT NULL REFERENCES patients(id),
  kind             text NOT NULL CHECK (kind IN ('call_patient_critical_result')),
  result_id        uuid REFERENCES lab_results(id),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at       timestamptz NOT NULL,
  completed_at     timestamptz,
  completed_by     uuid REFERENCES users(id),
  completion_note  text CHECK (completion_note IS NULL OR length(completion_note) BETWEEN 1 AND 2000),
  CHECK ((status = 'done') = (completed_at IS NOT NULL) AND (completed_at IS NULL) = (completed_by IS NULL)),
  UNIQUE (result_id, kind)
);
CREATE INDEX care_tasks_open_idx ON care_tasks (clinic_id, created_at) WHERE status = 'open';
CREATE INDEX care_tasks_patient_idx ON care_tasks (patient_id, created_at DESC);

-- ---------------------------------------------------------------------------------------------
-- Notifications (in the portal; emails go through email_outbox and carry no health data)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE notifications (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('new_message', 'new_result', 'appointment_change', 'appointment_reminder', 'care_task')),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- a path inside the portal, never an absolute URL
  link        text NOT NULL CHECK (link ~ '^/[^/\\]'),
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- No row: both channels on.
CREATE TABLE notification_kind_preferences (
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('new_message', 'new_result', 'appointment_change', 'appointment_reminder', 'care_task')),
  in_app      boolean NOT NULL,
  email       boolean NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- ---------------------------------------------------------------------------------------------
-- Reference data: fifteen common tests. Critical limits follow common laboratory practice; each
-- clinic's laboratory may send its own, which win.
-- ---------------------------------------------------------------------------------------------
INSERT INTO lab_test_catalog (loinc, display_name, unit, critical_low, critical_high, explanation) VALUES
  ('2345-7', 'Glucose', 'mg/dL', 40, 500, 'Glucose is the main sugar in your blood and your body''s main source of energy. A high level can be a sign of diabetes; a low level can cause shakiness, sweating or confusion. Whether you had eaten before the test changes what is normal.'),
  ('4548-4', 'Hemoglobin A1c', '%', NULL, NULL, 'Hemoglobin A1c shows your average blood sugar over the past two to three months. Below 5.7% is usual; 5.7% to 6.4% suggests prediabetes; 6.5% or more suggests diabetes. Many people with diabetes aim for below 7%.'),
  ('13457-7', 'LDL cholesterol', 'mg/dL', NULL, NULL, 'LDL is often called "bad" cholesterol: too much of it can build up in the walls of your arteries and raise the risk of heart attack and stroke. Your target depends on your other risks.'),
  ('2085-9', 'HDL cholesterol', 'mg/dL', NULL, NULL, 'HDL is often called "good" cholesterol: it helps carry cholesterol away from your arteries. Higher levels are generally better.'),
  ('2160-0', 'Creatinine', 'mg/dL', NULL, 10, 'Creatinine is a waste product from your muscles that your kidneys filter out. A high level can mean your kidneys are not filtering as well as they should. Muscle mass and some medicines also affect it.'),
  ('98979-8', 'eGFR (estimated kidney function)', 'mL/min/{1.73_m2}', NULL, NULL, 'eGFR estimates how well your kidneys filter your blood, calculated from your creatinine, age and sex. 60 or more is usually normal; below 60 for three months or more can mean chronic kidney disease.'),
  ('2823-3', 'Potassium', 'mmol/L', 2.5, 6.5, 'Potassium is a mineral your heart and muscles need to work properly. Levels that are too high or too low can affect your heart rhythm. Kidney problems and some blood pressure medicines can change it.'),
  ('2951-2', 'Sodium', 'mmol/L', 120, 160, 'Sodium helps control the balance of fluid in your body and keeps nerves and muscles working. Abnormal levels can come from drinking too much or too little water, some medicines, or kidney, heart or hormone problems.'),
  ('3016-3', 'TSH (thyroid-stimulating hormone)', 'm[IU]/L', NULL, NULL, 'TSH is made by the pituitary gland and tells your thyroid how much hormone to make. A high TSH often means an underactive thyroid; a low TSH often means an overactive one.'),
  ('718-7', 'Hemoglobin', 'g/dL', 7, 20, 'Hemoglobin is the protein in red blood cells that carries oxygen. A low level (anemia) can make you tired or short of breath; a high level is less common and has several causes.'),
  ('6690-2', 'White blood cell count', '10*3/uL', 2, 30, 'White blood cells fight infection. A high count can be a sign of infection or inflammation; a low count can make infections more likely.'),
  ('777-3', 'Platelet count', '10*3/uL', 20, 1000, 'Platelets help your blood clot. Too few can lead to easy bruising or bleeding; too many can raise the risk of clots.'),
  ('1742-6', 'ALT (alanine aminotransferase)', 'U/L', NULL, NULL, 'ALT is an enzyme found mostly in the liver. A raised level can mean the liver is irritated or damaged, for example by fatty liver, alcohol, medicines or hepatitis.'),
  ('1920-8', 'AST (aspartate aminotransferase)', 'U/L', NULL, NULL, 'AST is an enzyme found in the liver, heart and muscles. A raised level can point to liver or muscle injury; it is usually read together with ALT.'),
  ('62292-8', 'Vitamin D (25-hydroxy)', 'ng/mL', NULL, NULL, 'This test measures the form of vitamin D that shows how much your body has stored. Vitamin D keeps bones strong. Below 20 ng/mL is usually considered low.');
