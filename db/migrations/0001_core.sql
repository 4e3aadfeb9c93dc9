-- Core schema: organisation, people, gateways and devices, readings, dead letters, audit.
-- Timestamps are timestamptz throughout; ids are uuid except gateway ids, which gateways
-- present as their MQTT username and so are human-readable text.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE clinics (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  timezone    text NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE patients (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id    uuid NOT NULL REFERENCES clinics(id),
  mrn          text NOT NULL UNIQUE,
  given_name   text NOT NULL,
  family_name  text NOT NULL,
  birth_date   date NOT NULL,
  sex          text CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  timezone     text NOT NULL DEFAULT 'UTC',
  email        text,
  phone        text,
  conditions   text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id          uuid REFERENCES clinics(id),
  email              text NOT NULL,
  display_name       text NOT NULL,
  role               text NOT NULL CHECK (role IN ('patient', 'proxy', 'clinician', 'admin')),
  patient_id         uuid REFERENCES patients(id),
  password_hash      text,
  email_verified_at  timestamptz,
  totp_secret        text,
  mfa_enrolled_at    timestamptz,
  disabled_at        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'patient' OR patient_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE care_teams (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id   uuid NOT NULL REFERENCES clinics(id),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, name)
);

-- tier orders escalation: tier 1 is notified first, then 2, ...
CREATE TABLE care_team_members (
  care_team_id  uuid NOT NULL REFERENCES care_teams(id) ON DELETE CASCADE,
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  member_role   text NOT NULL DEFAULT 'nurse',
  tier          smallint NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 9),
  PRIMARY KEY (care_team_id, user_id)
);
CREATE INDEX care_team_members_user_idx ON care_team_members (user_id);

CREATE TABLE care_team_patients (
  care_team_id  uuid NOT NULL REFERENCES care_teams(id) ON DELETE CASCADE,
  patient_id    uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  since         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (care_team_id, patient_id)
);
CREATE INDEX care_team_patients_patient_idx ON care_team_patients (patient_id);

CREATE TABLE gateways (
  id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{3,64}$'),
  clinic_id     uuid NOT NULL REFERENCES clinics(id),
  label         text,
  token_hash    text NOT NULL,
  state         text NOT NULL DEFAULT 'never' CHECK (state IN ('never', 'online', 'offline')),
  last_seen_at  timestamptz,
  revoked_at    timestamptz,
  rotated_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id     uuid NOT NULL REFERENCES clinics(id),
  -- what the gateway sends as deviceId: the serial number, or the BLE address when the device has none
  device_key    text NOT NULL UNIQUE,
  type          text NOT NULL CHECK (type IN ('glucose_meter', 'cgm', 'bp_cuff', 'pulse_oximeter', 'scale', 'thermometer', 'heart_rate')),
  manufacturer  text,
  model         text,
  serial        text,
  ble_address   text CHECK (ble_address IS NULL OR ble_address ~ '^([0-9A-F]{2}:){5}[0-9A-F]{2}$'),
  gateway_id    text REFERENCES gateways(id),
  battery       smallint CHECK (battery BETWEEN 0 AND 100),
  last_sync_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Which patient a device measured, over time. Overlaps are refused so that every reading maps to
-- at most one patient at its measured_at.
CREATE TABLE device_assignments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id   uuid NOT NULL REFERENCES devices(id),
  patient_id  uuid NOT NULL REFERENCES patients(id),
  valid       tstzrange NOT NULL CHECK (NOT isempty(valid)),
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  EXCLUDE USING gist (device_id WITH =, valid WITH &&)
);
CREATE INDEX device_assignments_patient_idx ON device_assignments (patient_id);

-- One row per reading and metric. The dedupe key includes measured_at because TimescaleDB requires
-- the time column in every unique index of a hypertable; measured_at is fixed for a reading id.
CREATE TABLE readings (
  reading_id      uuid NOT NULL,
  metric          text NOT NULL,
  measured_at     timestamptz NOT NULL,
  patient_id      uuid NOT NULL,
  device_id       uuid NOT NULL,
  gateway_id      text,
  value           double precision NOT NULL,
  unit            text NOT NULL,
  original_value  double precision,
  original_unit   text,
  characteristic  text,
  sequence        integer,
  device_time     text,
  flags           text[],
  context         jsonb,
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reading_id, metric, measured_at)
);
CREATE INDEX readings_patient_metric_time_idx ON readings (patient_id, metric, measured_at DESC);
CREATE INDEX readings_received_idx ON readings (received_at);

CREATE TABLE dead_letters (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at   timestamptz NOT NULL DEFAULT now(),
  source        text NOT NULL DEFAULT 'mqtt',
  gateway_id    text,
  topic         text,
  reason        text NOT NULL,
  detail        jsonb,
  raw_payload   bytea NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reprocessed', 'discarded')),
  resolved_at   timestamptz
);
CREATE INDEX dead_letters_open_idx ON dead_letters (received_at) WHERE status = 'open';

-- Append-only, hash-chained: each row carries the hash of the previous one, so an edited or
-- deleted row breaks the chain. The trigger refuses UPDATE and DELETE from the application role.
CREATE TABLE audit_log (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid,
  actor_role   text,
  patient_id   uuid,
  action       text NOT NULL,
  resource     text NOT NULL,
  reason       text,
  request_id   text,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_log_patient_idx ON audit_log (patient_id, at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
