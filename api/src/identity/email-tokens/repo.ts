import type pg from 'pg';
import { createToken, hashToken } from '../crypto/tokens.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

/**
 * A new one-shot token for an email link; earlier unused tokens of the same purpose stop working,
 * so only the newest email's link does. Only the hash is stored.
 */
export async function issueEmailToken(db: Queryable, userId: string, purpose: EmailTokenPurpose, validMs: number, now: Date): Promise<string> {
  const token = createToken(purpose === 'verify_email' ? 'email_verification' : 'password_reset');
  await db.query('DELETE FROM email_tokens WHERE user_id = $1 AND purpose = $2', [userId, purpose]);
  await db.query('INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', [hashToken(token), userId, purpose, new Date(now.getTime() + validMs), now]);
  return token;
}

/**
 * Use up a token: deleted in the same statement that reads it, so it works once even under
 * concurrent requests.
 *
 * @returns the user it was issued to, or null when unknown, used, expired or for another purpose
 */
export async function consumeEmailToken(db: Queryable, token: string, purpose: EmailTokenPurpose, now: Date): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string; expires_at: Date }>('DELETE FROM email_tokens WHERE token_hash = $1 AND purpose = $2 RETURNING user_id, expires_at', [hashToken(token), purpose]);
  const row = rows[0];
  return row && row.expires_at > now ? row.user_id : null;
}

/** Record that the user proved they read mail at their address. */
export async function markEmailVerified(db: Queryable, userId: string, now: Date): Promise<void> {
  await db.query('UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1', [userId, now]);
}
