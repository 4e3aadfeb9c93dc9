-- Identity: sessions, API tokens, activation, email tokens, MFA, lockout, proxies, privacy,
-- break-the-glass. Every secret is stored as a hash; the plaintext is shown once.

ALTER TABLE users ADD COLUMN totp_last_step bigint;
ALTER TABLE users ADD COLUMN pending_totp_secret text;

CREATE TABLE sessions (
  id_hash        text PRIMARY KEY,
  user_id        uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  -- password checked but the second factor still owed: such a session can only finish MFA
  mfa_pending    boolean NOT NULL DEFAULT false,
  user_agent     text,
  ip             text,
  revoked_at     timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  scopes        text[] NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  expires_at    timestamptz,
  revoked_at    timestamptz
);

CREATE TABLE activation_codes (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id  uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  code_hash   text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE email_tokens (
  token_hash  text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recovery_codes (
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash  text NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Failed-login bookkeeping per key (account email, or client address), see identity/crypto/rate-limit.ts
CREATE TABLE login_throttle (
  key         text PRIMARY KEY,
  state       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A person acting for a patient (parent, caregiver), within scopes, until an expiry.
CREATE TABLE proxy_grants (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  proxy_user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  patient_id       uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  relationship     text NOT NULL,
  scopes           text[] NOT NULL CHECK (scopes <@ ARRAY['results', 'messages', 'appointments', 'billing', 'readings', 'medications']::text[]),
  -- a parent of an adolescent (13–17) does not see items the adolescent marked confidential
  is_parent        boolean NOT NULL DEFAULT false,
  expires_at       timestamptz,
  revoked_at       timestamptz,
  granted_by       uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proxy_grants_proxy_idx ON proxy_grants (proxy_user_id) WHERE revoked_at IS NULL;

-- Sensitive categories are hidden from proxies unless the patient shares them.
CREATE TABLE patient_privacy (
  patient_id              uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  category                text NOT NULL CHECK (category IN ('behavioral_health', 'substance_use', 'sexual_health')),
  share_with_proxies      boolean NOT NULL DEFAULT false,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, category)
);

CREATE TABLE break_glass (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinician_id   uuid NOT NULL REFERENCES users(id),
  patient_id     uuid NOT NULL REFERENCES patients(id),
  reason         text NOT NULL CHECK (length(reason) >= 10),
  granted_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  reviewed_at    timestamptz,
  reviewed_by    uuid REFERENCES users(id),
  review_note    text
);
CREATE INDEX break_glass_active_idx ON break_glass (clinician_id, patient_id, expires_at);

CREATE TABLE webauthn_credentials (
  id             text PRIMARY KEY,
  user_id        uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  public_key     bytea NOT NULL,
  sign_count     bigint NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- The audit chain needs contiguous sequence numbers (a gap reveals a deleted entry), which an
-- identity column does not give (rolled-back inserts leave gaps): the writer assigns seq under a
-- lock. `at` is kept as the exact ISO text that was hashed. The table is empty until now.
DROP TABLE audit_log;
CREATE TABLE audit_log (
  seq          bigint PRIMARY KEY,
  at           text NOT NULL,
  actor        text NOT NULL,
  actor_role   text,
  patient_id   uuid,
  action       text NOT NULL,
  resource     text NOT NULL,
  reason       text,
  request_id   text NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_log_patient_idx ON audit_log (patient_id, seq DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, seq DESC);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
