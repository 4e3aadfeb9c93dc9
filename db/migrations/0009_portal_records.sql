-- Portal records: medications and refills, profile, health summary, billing, questionnaires and
-- consents (issue 8; see docs/portal-records.md). Dates a person reads as calendar days (start of a
-- medication, service date, due date) are `date`; instants are timestamptz. Money is integer cents.

-- Records in these categories are hidden from proxies unless the patient shares the category
-- (patient_privacy), see api/src/policy/patient-access.ts.
CREATE DOMAIN sensitive_category AS text CHECK (VALUE IN ('behavioral_health', 'substance_use', 'sexual_health'));

-- Medications and refills ---------------------------------------------------------------------

CREATE TABLE pharmacies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  -- NCPDP provider id, how e-prescribing networks address a pharmacy
  ncpdp_id    text UNIQUE,
  address     text NOT NULL,
  phone       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE medications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  name            text NOT NULL,
  rxnorm_code     text,
  dose            text NOT NULL,
  route           text NOT NULL,
  frequency       text NOT NULL,
  prescriber_id   uuid REFERENCES users(id),
  prescriber_name text NOT NULL,
  start_date      date NOT NULL,
  end_date        date CHECK (end_date IS NULL OR end_date >= start_date),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_hold', 'completed', 'stopped')),
  category        sensitive_category,
  -- an adolescent's confidential item is hidden from a parent proxy
  confidential    boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX medications_patient_idx ON medications (patient_id, status);

CREATE TABLE refill_requests (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  medication_id  uuid NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
  pharmacy_id    uuid NOT NULL REFERENCES pharmacies(id),
  -- the care team whose queue shows the request
  care_team_id   uuid REFERENCES care_teams(id),
  requested_by   uuid NOT NULL REFERENCES users(id),
  patient_note   text,
  status         text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'denied', 'sent_to_pharmacy')),
  -- the care team's message back to the patient
  response_note  text,
  decided_by     uuid REFERENCES users(id),
  decided_at     timestamptz,
  sent_at        timestamptz,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX refill_requests_patient_idx ON refill_requests (patient_id, created_at DESC);
CREATE INDEX refill_requests_queue_idx ON refill_requests (care_team_id, created_at) WHERE status IN ('requested', 'approved');
-- one open request per medication: a second click does not ask the care team twice
CREATE UNIQUE INDEX refill_requests_open_key ON refill_requests (medication_id) WHERE status IN ('requested', 'approved');

-- Profile ---------------------------------------------------------------------------------------

-- Email and phone stay on patients (verified before they change); the rest of the profile lives here.
CREATE TABLE patient_profiles (
  patient_id             uuid PRIMARY KEY REFERENCES patients(id) ON DELETE CASCADE,
  address                jsonb,
  language               text NOT NULL DEFAULT 'en',
  preferred_pharmacy_id  uuid REFERENCES pharmacies(id),
  emergency_contact      jsonb,
  notification_prefs     jsonb NOT NULL DEFAULT '{}',
  updated_at             timestamptz NOT NULL DEFAULT now()
);

-- A new email or phone waits here until the person proves they receive messages there. Only a hash
-- of the one-time code is kept.
CREATE TABLE contact_verifications (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  channel      text NOT NULL CHECK (channel IN ('email', 'sms')),
  value        text NOT NULL,
  code_hash    text NOT NULL,
  attempts     smallint NOT NULL DEFAULT 0,
  expires_at   timestamptz NOT NULL,
  verified_at  timestamptz,
  -- set when a newer request for the same channel replaces this one
  replaced_at  timestamptz,
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX contact_verifications_pending_key ON contact_verifications (patient_id, channel) WHERE verified_at IS NULL AND replaced_at IS NULL;

-- Health summary --------------------------------------------------------------------------------

CREATE TABLE problems (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id       uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  code_system      text NOT NULL CHECK (code_system IN ('snomed', 'icd10')),
  code             text NOT NULL,
  display          text NOT NULL,
  clinical_status  text NOT NULL DEFAULT 'active' CHECK (clinical_status IN ('active', 'recurrence', 'inactive', 'resolved')),
  onset_date       date,
  category         sensitive_category,
  confidential     boolean NOT NULL DEFAULT false,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problems_patient_idx ON problems (patient_id);

CREATE TABLE allergies (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  substance    text NOT NULL,
  reaction     text,
  severity     text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX allergies_patient_idx ON allergies (patient_id);

CREATE TABLE immunizations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id       uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  -- CDC CVX vaccine code
  cvx_code         text NOT NULL,
  vaccine          text NOT NULL,
  occurrence_date  date NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX immunizations_patient_idx ON immunizations (patient_id, occurrence_date DESC);

-- Vitals measured at the clinic; home readings stay in `readings`.
CREATE TABLE clinic_vitals (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  metric       text NOT NULL,
  value        double precision NOT NULL,
  unit         text NOT NULL,
  measured_at  timestamptz NOT NULL,
  recorded_by  uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_vitals_patient_metric_idx ON clinic_vitals (patient_id, metric, measured_at DESC);

CREATE TABLE care_goals (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  description  text NOT NULL,
  target       text,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('proposed', 'active', 'achieved', 'cancelled')),
  due_date     date,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_goals_patient_idx ON care_goals (patient_id);

-- Billing ---------------------------------------------------------------------------------------

CREATE TABLE insurance_coverages (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  payer           text NOT NULL,
  member_id       text NOT NULL,
  group_number    text,
  plan            text NOT NULL,
  -- 1 = primary, 2 = secondary
  priority        smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 9),
  effective_from  date NOT NULL,
  effective_to    date
);
CREATE INDEX insurance_coverages_patient_idx ON insurance_coverages (patient_id);

CREATE TABLE statements (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  statement_date  date NOT NULL,
  due_date        date NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statements_patient_idx ON statements (patient_id, statement_date DESC);

CREATE TABLE charges (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  statement_id         uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  service_date         date NOT NULL,
  cpt_code             text NOT NULL,
  description          text NOT NULL,
  amount_cents         bigint NOT NULL CHECK (amount_cents >= 0),
  -- what insurance paid or adjusted; the patient owes the rest
  insurance_paid_cents bigint NOT NULL DEFAULT 0 CHECK (insurance_paid_cents BETWEEN 0 AND amount_cents)
);
CREATE INDEX charges_statement_idx ON charges (statement_id);

CREATE TABLE payments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  statement_id    uuid REFERENCES statements(id),
  amount_cents    bigint NOT NULL CHECK (amount_cents > 0),
  status          text NOT NULL CHECK (status IN ('succeeded', 'declined')),
  processor_ref   text,
  failure_reason  text,
  paid_by         uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL
);
CREATE INDEX payments_patient_idx ON payments (patient_id, created_at DESC);

-- Idempotency-Key records (draft-ietf-httpapi-idempotency-key-header): the first request with a
-- key stores its fingerprint and response; a retry gets the stored response, a different body 422.
-- Keys are per signed-in user, as a client generates them.
-- The row is inserted before the work and filled in the same transaction, so a concurrent request
-- with the same key waits on it and never sees it half done.
CREATE TABLE idempotency_keys (
  owner            text NOT NULL,
  key              text NOT NULL,
  request_hash     text NOT NULL,
  response_status  smallint,
  response_body    jsonb,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (owner, key)
);

CREATE TABLE payment_plans (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  total_cents  bigint NOT NULL CHECK (total_cents > 0),
  months       smallint NOT NULL CHECK (months BETWEEN 2 AND 24),
  -- [{ "seq": 1, "dueDate": "2026-07-01", "amountCents": 2500 }, …]
  schedule     jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX payment_plans_active_key ON payment_plans (patient_id) WHERE status = 'active';

CREATE TABLE financial_assistance_requests (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id           uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  household_size       smallint NOT NULL CHECK (household_size BETWEEN 1 AND 20),
  annual_income_cents  bigint NOT NULL CHECK (annual_income_cents >= 0),
  reason               text NOT NULL,
  status               text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'under_review', 'approved', 'denied')),
  decision_note        text,
  submitted_by         uuid REFERENCES users(id),
  decided_by           uuid REFERENCES users(id),
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX financial_assistance_patient_idx ON financial_assistance_requests (patient_id, created_at DESC);
-- one request under consideration at a time
CREATE UNIQUE INDEX financial_assistance_open_key ON financial_assistance_requests (patient_id) WHERE status IN ('submitted', 'under_review');

-- Questionnaires and consents -------------------------------------------------------------------

-- A FHIR R4 Questionnaire per (url, version); a published version never changes.
CREATE TABLE questionnaires (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url         text NOT NULL,
  version     text NOT NULL,
  title       text NOT NULL,
  status      text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  category    sensitive_category,
  resource    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (url, version)
);

CREATE TABLE questionnaire_responses (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id        uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  questionnaire_id  uuid NOT NULL REFERENCES questionnaires(id),
  status            text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'amended', 'entered-in-error')),
  -- QuestionnaireResponse.item, validated against the questionnaire before it is stored
  items             jsonb NOT NULL,
  authored_at       timestamptz NOT NULL,
  author_id         uuid NOT NULL REFERENCES users(id),
  signer_name       text NOT NULL,
  signed_at         timestamptz NOT NULL
);
CREATE INDEX questionnaire_responses_patient_idx ON questionnaire_responses (patient_id, authored_at DESC);

CREATE TABLE consent_documents (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('rpm_program', 'telehealth', 'data_sharing')),
  version     integer NOT NULL CHECK (version > 0),
  title       text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, version)
);

-- Signed consents. Rows are never deleted: revoking (or signing a newer version) ends a consent,
-- so the history of who agreed to what, and when it stopped, stays readable.
CREATE TABLE consents (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  document_id  uuid NOT NULL REFERENCES consent_documents(id),
  kind         text NOT NULL,
  signed_at    timestamptz NOT NULL,
  signed_by    uuid NOT NULL REFERENCES users(id),
  signer_name  text NOT NULL,
  ended_at     timestamptz,
  ended_by     uuid REFERENCES users(id),
  ended_how    text CHECK (ended_how IN ('revoked', 'superseded')),
  end_note     text,
  CHECK ((ended_at IS NULL) = (ended_how IS NULL))
);
CREATE INDEX consents_patient_idx ON consents (patient_id, signed_at DESC);
CREATE UNIQUE INDEX consents_active_key ON consents (patient_id, kind) WHERE ended_at IS NULL;
