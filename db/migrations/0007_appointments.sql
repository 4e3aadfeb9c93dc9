-- Appointments and clinic configuration: providers, locations, visit types and their pre-visit
-- forms, weekly availability templates and the slots they generate, appointments (with the
-- constraints that make double booking impossible), the waitlist and its offers, portal feature
-- switches per clinic and department, versioned terms. Reminders and waitlist offers are told to
-- people through the portal's `notifications` table (0008).
-- docs/appointments.md explains the rules the API applies on top of these tables.

CREATE TABLE departments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id   uuid NOT NULL REFERENCES clinics(id),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, name)
);

-- A provider is a clinician who can be booked.
CREATE TABLE providers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id     uuid NOT NULL REFERENCES clinics(id),
  user_id       uuid NOT NULL UNIQUE REFERENCES users(id),
  display_name  text NOT NULL,
  specialty     text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- phone is what a patient is told to call when a visit can no longer be changed online.
CREATE TABLE appointment_locations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id      uuid NOT NULL REFERENCES clinics(id),
  department_id  uuid REFERENCES departments(id),
  name           text NOT NULL,
  address        text,
  phone          text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, name)
);

-- patient_cutoff_hours: patients (and proxies) book, cancel and reschedule online only until this
-- many hours before the visit; inside it they call the clinic.
CREATE TABLE visit_types (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id             uuid NOT NULL REFERENCES clinics(id),
  code                  text NOT NULL CHECK (code ~ '^[a-z0-9_-]{2,40}$'),
  name                  text NOT NULL,
  modality              text NOT NULL CHECK (modality IN ('in_person', 'video')),
  duration_minutes      smallint NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
  patient_cutoff_hours  smallint NOT NULL DEFAULT 24 CHECK (patient_cutoff_hours BETWEEN 0 AND 720),
  active                boolean NOT NULL DEFAULT true,
  created_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, code)
);

-- Questionnaires and consent forms a patient completes before a visit of this type. form_id is the
-- forms feature's identifier (api/src/forms); only the link is kept here.
CREATE TABLE visit_type_forms (
  visit_type_id     uuid NOT NULL REFERENCES visit_types(id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('questionnaire', 'consent')),
  form_id           text NOT NULL CHECK (length(form_id) BETWEEN 1 AND 100),
  due_hours_before  smallint NOT NULL DEFAULT 0 CHECK (due_hours_before BETWEEN 0 AND 720),
  PRIMARY KEY (visit_type_id, kind, form_id)
);

-- A weekly rule in the clinic's time zone: on `weekday` (ISO 1 = Monday … 7 = Sunday), from
-- start_time to end_time local, one slot per visit-type duration. Local wall-clock times, so a
-- 09:00 clinic opens at 09:00 on both sides of a DST change.
CREATE TABLE availability_templates (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id      uuid NOT NULL REFERENCES clinics(id),
  provider_id    uuid NOT NULL REFERENCES providers(id),
  location_id    uuid NOT NULL REFERENCES appointment_locations(id),
  visit_type_id  uuid NOT NULL REFERENCES visit_types(id),
  weekday        smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time     time NOT NULL,
  end_time       time NOT NULL,
  valid_from     date NOT NULL,
  valid_until    date,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX availability_templates_clinic_idx ON availability_templates (clinic_id) WHERE active;

-- Bookable times, materialised from the templates for the next weeks (api/src/appointments/
-- slot-generation.ts). (template_id, starts_at) makes generation idempotent. Slots of different
-- templates may overlap (a provider offering in-person and video at once): the appointment
-- constraints below, not the slots, forbid double booking.
CREATE TABLE appointment_slots (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id      uuid NOT NULL REFERENCES clinics(id),
  provider_id    uuid NOT NULL REFERENCES providers(id),
  location_id    uuid NOT NULL REFERENCES appointment_locations(id),
  visit_type_id  uuid NOT NULL REFERENCES visit_types(id),
  template_id    uuid REFERENCES availability_templates(id),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  UNIQUE (template_id, starts_at)
);
CREATE INDEX appointment_slots_search_idx ON appointment_slots (clinic_id, starts_at);
CREATE INDEX appointment_slots_provider_idx ON appointment_slots (provider_id, starts_at);

-- Provider, location, visit type and times are copied from the slot: the constraints need them on
-- this row, and the record must survive the slot being regenerated away.
CREATE TABLE appointments (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id           uuid NOT NULL REFERENCES clinics(id),
  patient_id          uuid NOT NULL REFERENCES patients(id),
  slot_id             uuid NOT NULL REFERENCES appointment_slots(id),
  provider_id         uuid NOT NULL REFERENCES providers(id),
  location_id         uuid NOT NULL REFERENCES appointment_locations(id),
  visit_type_id       uuid NOT NULL REFERENCES visit_types(id),
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  status              text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'completed', 'no_show')),
  reason              text CHECK (reason IS NULL OR length(reason) <= 500),
  -- capability token of the video room (video visits only): unguessable, shown to the patient,
  -- their proxies and the provider
  video_token         text UNIQUE,
  -- RFC 5545 SEQUENCE: bumped on every reschedule and cancellation so calendars replace the event
  sequence            integer NOT NULL DEFAULT 0,
  booked_by           uuid REFERENCES users(id),
  booked_at           timestamptz NOT NULL DEFAULT now(),
  cancelled_by        uuid REFERENCES users(id),
  cancelled_at        timestamptz,
  cancel_reason       text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
  -- the start time the 24-hour reminder was sent for (a reschedule makes it stale)
  reminder_sent_for   timestamptz,
  CHECK (ends_at > starts_at),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- THE double-booking guarantee, enforced by the database whatever the number of API replicas:
-- a slot has at most one active appointment, a provider is never in two active appointments that
-- overlap in time (overlapping slots of different templates), and neither is a patient.
CREATE UNIQUE INDEX appointments_one_per_slot ON appointments (slot_id) WHERE status <> 'cancelled';
ALTER TABLE appointments ADD CONSTRAINT appointments_provider_no_overlap
  EXCLUDE USING gist (provider_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled');
ALTER TABLE appointments ADD CONSTRAINT appointments_patient_no_overlap
  EXCLUDE USING gist (patient_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled');
CREATE INDEX appointments_patient_idx ON appointments (patient_id, starts_at DESC);
CREATE INDEX appointments_reminder_idx ON appointments (starts_at) WHERE status = 'booked';

-- A patient waiting for an earlier time with a provider (or any provider) for a visit type,
-- between two local dates. Served first come, first served.
CREATE TABLE waitlist_entries (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id      uuid NOT NULL REFERENCES clinics(id),
  patient_id     uuid NOT NULL REFERENCES patients(id),
  provider_id    uuid REFERENCES providers(id),
  visit_type_id  uuid NOT NULL REFERENCES visit_types(id),
  earliest       date NOT NULL,
  latest         date NOT NULL,
  status         text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'booked', 'left')),
  created_by     uuid REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (latest >= earliest)
);
CREATE INDEX waitlist_entries_queue_idx ON waitlist_entries (clinic_id, visit_type_id, created_at) WHERE status = 'waiting';
CREATE INDEX waitlist_entries_patient_idx ON waitlist_entries (patient_id, created_at DESC);

-- A freed slot held for one waitlisted patient until expires_at; then the next one is offered.
CREATE TABLE waitlist_offers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id      uuid NOT NULL REFERENCES waitlist_entries(id),
  slot_id       uuid NOT NULL REFERENCES appointment_slots(id) ON DELETE CASCADE,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  offered_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  responded_at  timestamptz,
  CHECK (expires_at > offered_at),
  UNIQUE (entry_id, slot_id)
);
-- one live offer per slot, so a freed slot is never promised to two patients
CREATE UNIQUE INDEX waitlist_offers_one_pending_per_slot ON waitlist_offers (slot_id) WHERE status = 'pending';
CREATE INDEX waitlist_offers_expiry_idx ON waitlist_offers (expires_at) WHERE status = 'pending';

-- Portal features switched on or off per clinic, and per department (department_id set). No row
-- means the shipped default (api/src/clinic-config/portal-features.ts).
CREATE TABLE portal_feature_settings (
  clinic_id      uuid NOT NULL REFERENCES clinics(id),
  department_id  uuid REFERENCES departments(id),
  feature        text NOT NULL CHECK (feature ~ '^[a-z_]{2,40}$'),
  enabled        boolean NOT NULL,
  updated_by     uuid REFERENCES users(id),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (clinic_id, department_id, feature)
);

-- Terms of use and privacy policy, versioned. The current version of a kind is the highest one in
-- effect; a user who has not accepted it is asked to at their next sign-in.
CREATE TABLE terms_versions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('terms_of_use', 'privacy_policy')),
  version       integer NOT NULL CHECK (version > 0),
  title         text NOT NULL,
  body          text NOT NULL,
  effective_at  timestamptz NOT NULL,
  published_by  uuid REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, version)
);

CREATE TABLE terms_acceptances (
  user_id           uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  terms_version_id  uuid NOT NULL REFERENCES terms_versions(id),
  accepted_at       timestamptz NOT NULL,
  PRIMARY KEY (user_id, terms_version_id)
);
