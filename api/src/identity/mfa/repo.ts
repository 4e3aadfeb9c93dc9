import type pg from 'pg';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Keep a freshly generated TOTP secret until the user proves their app has it. */
export async function savePendingTotpSecret(db: Queryable, userId: string, secret: string): Promise<void> {
  await db.query('UPDATE users SET pending_totp_secret = $2 WHERE id = $1', [userId, secret]);
}

/** Turn the pending secret into the user's second factor, remembering the step just used. */
export async function enableTotp(db: Queryable, userId: string, secret: string, step: number, now: Date): Promise<void> {
  await db.query('UPDATE users SET totp_secret = $2, totp_last_step = $3, mfa_enrolled_at = $4, pending_totp_secret = NULL WHERE id = $1', [userId, secret, step, now]);
}

/** Replace a stored TOTP secret with its re-sealed form, only if nobody changed it meanwhile. */
export async function resealTotpSecret(db: Queryable, userId: string, was: string, sealed: string): Promise<void> {
  await db.query('UPDATE users SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2', [userId, was, sealed]);
}

/**
 * Record the TOTP step a sign-in used, only if it is newer than the last one. Done as one
 * conditional UPDATE so two replicas given the same code at the same moment cannot both accept it.
 *
 * @returns false when the step was already used (a replayed code)
 */
export async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const r = await db.query('UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)', [userId, step]);
  return r.rowCount === 1;
}

/** Replace the user's recovery codes (all old ones stop working). */
export async function replaceRecoveryCodes(db: Queryable, userId: string, hashes: readonly string[]): Promise<void> {
  await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  await db.query('INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])', [userId, hashes]);
}

/** Hashes of the user's unused recovery codes. */
export async function unusedRecoveryHashes(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ code_hash: string }>('SELECT code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]);
  return rows.map((r) => r.code_hash);
}

/**
 * Use up a recovery code; conditional so a code cannot be spent twice by concurrent requests.
 *
 * @returns the number of unused codes left, or null when this code was already used
 */
export async function spendRecoveryCode(db: Queryable, userId: string, hash: string, now: Date): Promise<number | null> {
  const r = await db.query('UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL', [userId, hash, now]);
  if (r.rowCount !== 1) return null;
  const { rows } = await db.query<{ left: number }>('SELECT count(*)::int AS left FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]);
  return rows[0]!.left;
}
