-- Identity over HTTP: a public id for sessions, break-the-glass review outcomes, lookup indexes.

-- People list and revoke their own sessions by id. The primary key is the hash of the cookie
-- secret; exposing it would let anyone who sees the list (a shoulder, a screenshot, a support
-- ticket) look sessions up by it, so each session gets an unrelated random id instead.
ALTER TABLE sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX sessions_id_key ON sessions (id);

-- An administrator's review of an emergency access says whether it was justified.
ALTER TABLE break_glass ADD COLUMN review_outcome text CHECK (review_outcome IN ('appropriate', 'inappropriate'));
ALTER TABLE break_glass ADD CONSTRAINT break_glass_review_complete
  CHECK ((reviewed_at IS NULL) = (review_outcome IS NULL));
CREATE INDEX break_glass_unreviewed_idx ON break_glass (granted_at) WHERE reviewed_at IS NULL;

-- A patient lists their proxies; the policy looks grants up by (proxy, patient).
CREATE INDEX proxy_grants_patient_idx ON proxy_grants (patient_id, created_at DESC);

-- Only one unused activation code per patient is honoured: issuing a new one retires the others.
CREATE INDEX activation_codes_patient_idx ON activation_codes (patient_id) WHERE used_at IS NULL;

-- One-shot email tokens are looked up by user when a new one replaces the old.
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose) WHERE used_at IS NULL;

CREATE INDEX api_tokens_user_idx ON api_tokens (user_id) WHERE revoked_at IS NULL;
