-- Interoperability (issue 10): Nightscout-compatible credentials for CGM uploaders (xDrip+, Loop,
-- AndroidAPS) and follower apps. docs/nightscout.md describes the protocol.
--
-- A credential belongs to one patient and was issued by one user (the patient, a proxy or a
-- clinician); requests made with it act as that user, limited to the patient's readings, so the
-- access policy still decides every request: when the issuer loses access, the credential stops
-- working with it.
--
-- Nightscout clients send `api-secret: <SHA-1 hex of the secret>`; `?token=<secret>` carries the
-- secret itself and is SHA-1'd by the server. Either way the server holds only SHA-256 of that
-- SHA-1 hex: a leaked table yields neither the secret nor a header value that would work.
CREATE TABLE nightscout_credentials (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id    uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  issued_by     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  secret_hash   text NOT NULL UNIQUE,
  -- a follower app gets a read-only credential; an uploader needs write
  can_write     boolean NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX nightscout_credentials_patient_idx ON nightscout_credentials (patient_id, created_at DESC) WHERE revoked_at IS NULL;
