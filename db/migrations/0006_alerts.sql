-- Alerts: the alerts themselves and their history, rule configuration, notification preferences,
-- webhook endpoints and deliveries (with their dead letters) and the email outbox.
-- docs/alert-rules.md ("Storage") explains how the worker uses them.

-- One row per alert. The lifecycle (alerts/src/rules/lifecycle.ts) is the only writer of state;
-- the row is its `Alert` plus the patient, the clinic and bookkeeping columns.
CREATE TABLE alerts (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id          uuid NOT NULL REFERENCES clinics(id),
  patient_id         uuid NOT NULL REFERENCES patients(id),
  rule_id            text NOT NULL,
  rule_kind          text NOT NULL,
  -- rule id, or rule id:subject for per-device and per-gateway rules
  dedupe_key         text NOT NULL,
  subject            text,
  metric             text,
  severity           text NOT NULL CHECK (severity IN ('info', 'low', 'high', 'urgent')),
  state              text NOT NULL CHECK (state IN ('open', 'acknowledged', 'snoozed', 'resolved')),
  count              integer NOT NULL DEFAULT 1 CHECK (count >= 1),
  message            text NOT NULL,
  unit               text,
  threshold          double precision,
  first_value        double precision,
  first_at           timestamptz NOT NULL,
  latest_value       double precision,
  latest_at          timestamptz NOT NULL,
  -- the newest observation whole (severity, message, evidence...), as the lifecycle keeps it
  latest             jsonb NOT NULL,
  evidence           jsonb NOT NULL,
  opened_at          timestamptz NOT NULL,
  urgent_since       timestamptz,
  acknowledged_by    text,
  acknowledged_at    timestamptz,
  snoozed_by         text,
  snoozed_at         timestamptz,
  snoozed_until      timestamptz,
  snooze_resume_to   text CHECK (snooze_resume_to IN ('open', 'acknowledged')),
  resolved_by        text,
  resolved_at        timestamptz,
  resolved_auto      boolean,
  -- highest care-team tier notified (0: none yet) and every notification, in order
  escalation_tier    smallint NOT NULL DEFAULT 0,
  escalations        jsonb NOT NULL DEFAULT '[]',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (state <> 'snoozed' OR snoozed_until IS NOT NULL),
  CHECK (state <> 'resolved' OR resolved_at IS NOT NULL)
);
-- At most one unresolved alert per patient and dedupe key, enforced here so that two workers
-- evaluating the same patient at once cannot both open one (the worker inserts ON CONFLICT).
CREATE UNIQUE INDEX alerts_one_unresolved_key ON alerts (patient_id, dedupe_key) WHERE state <> 'resolved';
CREATE INDEX alerts_patient_idx ON alerts (patient_id, opened_at DESC);
CREATE INDEX alerts_key_idx ON alerts (patient_id, dedupe_key, opened_at DESC);
CREATE INDEX alerts_unresolved_idx ON alerts (clinic_id, latest_at DESC) WHERE state <> 'resolved';

-- History: every transition, escalation and note. Append-only by convention; notes are rows
-- with action 'note' and their text.
CREATE TABLE alert_events (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id  uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at        timestamptz NOT NULL,
  actor     text NOT NULL,
  action    text NOT NULL CHECK (action IN ('opened', 'repeated', 'reopened', 'acknowledged', 'snoozed', 'resolved', 'auto_resolved', 'escalated', 'note')),
  note      text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 4000),
  detail    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, id);

-- Clinic defaults: one row per clinic; no row means the shipped defaults (default-rules.ts).
CREATE TABLE alert_rule_config (
  clinic_id   uuid PRIMARY KEY REFERENCES clinics(id),
  rules       jsonb NOT NULL,
  escalation  jsonb NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Per-patient flags, overrides and own rules (PatientRuleOverrides in rule-config.ts).
CREATE TABLE patient_alert_rules (
  patient_id  uuid PRIMARY KEY REFERENCES patients(id) ON DELETE CASCADE,
  overrides   jsonb NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Per user: channels and the least severity worth a notification (clinicians), and the opt-in of
-- patients and proxies to see and be told about alerts on their own (or their ward's) readings.
CREATE TABLE notification_preferences (
  user_id       uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  channels      text[] NOT NULL DEFAULT '{in_app,email}' CHECK (channels <@ ARRAY['in_app', 'email']::text[]),
  min_severity  text NOT NULL DEFAULT 'high' CHECK (min_severity IN ('info', 'low', 'high', 'urgent')),
  own_alerts    boolean NOT NULL DEFAULT false,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Clinic systems (paging, EHR inbox) told about alerts by signed HTTP POSTs. The secret signs
-- each delivery (HMAC-SHA256), so it is kept, not hashed.
CREATE TABLE webhook_endpoints (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id     uuid NOT NULL REFERENCES clinics(id),
  url           text NOT NULL CHECK (url ~ '^https?://'),
  secret        text NOT NULL CHECK (length(secret) >= 32),
  events        text[] NOT NULL DEFAULT '{alert.opened,alert.escalated,alert.resolved}',
  min_severity  text NOT NULL DEFAULT 'low' CHECK (min_severity IN ('info', 'low', 'high', 'urgent')),
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_clinic_idx ON webhook_endpoints (clinic_id) WHERE disabled_at IS NULL;

-- One row per (endpoint, event): written in the transaction that caused the event, then sent by
-- the webhook queue. dedupe_key makes a retried job or a repeated sweep add nothing.
-- status 'dead_letter' is the dead-letter list (GET /v1/admin/webhook-dead-letters).
CREATE TABLE webhook_deliveries (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id   uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  clinic_id     uuid NOT NULL REFERENCES clinics(id),
  dedupe_key    text NOT NULL UNIQUE,
  event_type    text NOT NULL,
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead_letter')),
  attempts      integer NOT NULL DEFAULT 0,
  last_status   integer,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz,
  dead_at       timestamptz
);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (created_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_dead_idx ON webhook_deliveries (clinic_id, dead_at DESC) WHERE status = 'dead_letter';

-- Email outbox, same pattern: written with the event, sent by the email queue.
CREATE TABLE email_outbox (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dedupe_key  text NOT NULL UNIQUE,
  user_id     uuid REFERENCES users(id) ON DELETE SET NULL,
  to_address  text NOT NULL,
  subject     text NOT NULL,
  body_text   text NOT NULL,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);
CREATE INDEX email_outbox_pending_idx ON email_outbox (created_at) WHERE status = 'pending';
