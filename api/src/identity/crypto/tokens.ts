/**
 * Random opaque tokens, their storage hashes, and the pure check for patient activation codes.
 *
 * Tokens carry 256 random bits (OWASP Session Management: at least 64 bits of entropy), so an
 * unsalted SHA-256 is enough for storage: it is deterministic, so the database can look a token
 * up by its hash, and a leaked table cannot be reversed into live tokens. Salting or stretching
 * protects guessable secrets; these are not guessable.
 */
import { CodeFormatError } from './errors.ts';
import { formatCode, normaliseCode, randomCode } from './human-code.ts';
import { constantTimeEqual, randomBase64Url, sha256Hex } from './primitives.ts';

export { constantTimeEqual } from './primitives.ts';

/** What a token is for; each kind is stored in its own table. */
export type TokenKind = 'session' | 'api' | 'gateway' | 'email_verification' | 'password_reset';

/**
 * Prefixes of long-lived machine credentials, which end up in config files and CI settings:
 * a prefix lets secret scanners and people recognise a leaked one, and lets the bearer-auth
 * middleware pick the right table before any lookup. Browser cookies and one-shot email links
 * are short-lived and never pasted anywhere, so they carry none.
 */
export const TOKEN_PREFIXES = {
  session: '',
  api: 'vt_',
  gateway: 'vtgw_',
  email_verification: '',
  password_reset: '',
} as const satisfies Record<TokenKind, string>;

/** Random bytes in every token: 256 bits. */
export const TOKEN_BYTES = 32;

/** Characters in an activation code: 10 Crockford base32 characters, 50 bits. */
export const ACTIVATION_CODE_LENGTH = 10;

const TOKEN_BODY = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new random token of `kind`: its prefix, then 32 random bytes as base64url (43 characters).
 *
 * @example createToken('api') // 'vt_Jx0…' (46 characters)
 */
export function createToken(kind: TokenKind): string {
  return TOKEN_PREFIXES[kind] + randomBase64Url(TOKEN_BYTES);
}

/**
 * Whether `token` has the shape of a `kind` token, to refuse garbage before a database lookup.
 * This is not authentication: only a hash match in storage is.
 */
export function isWellFormedToken(token: string, kind: TokenKind): boolean {
  const prefix = TOKEN_PREFIXES[kind];
  return token.startsWith(prefix) && TOKEN_BODY.test(token.slice(prefix.length));
}

/**
 * The value to store for a token (session id, API or gateway token, email verification or
 * password reset token): SHA-256 as 64 lowercase hex characters.
 */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

/**
 * A new activation code for a patient's letter, upper case in two groups: `7K3M9-QX2AB`.
 * Store only {@link hashActivationCode} of it.
 */
export function createActivationCode(): string {
  return formatCode(randomCode(ACTIVATION_CODE_LENGTH), 5);
}

/**
 * SHA-256 hex of an activation code's canonical form (case, separators and look-alike letters
 * ignored), the value to store.
 *
 * @throws CodeFormatError when `code` is not a well-formed activation code
 */
export function hashActivationCode(code: string): string {
  const canonical = normaliseCode(code);
  if (canonical?.length !== ACTIVATION_CODE_LENGTH) throw new CodeFormatError('not a well-formed activation code');
  return sha256Hex(canonical);
}

/** A stored activation code, as the route reads it from the database. */
export interface ActivationRecord {
  /** Medical record number the code was issued for. */
  mrn: string;
  /** Patient's date of birth, `YYYY-MM-DD`. */
  dob: string;
  /** {@link hashActivationCode} of the issued code. */
  codeHash: string;
  expiresAt: Date;
  /** When the code was redeemed, or `null` while unused. */
  usedAt: Date | null;
}

/** What the patient typed, with the record found for it (or `null` when none was found). */
export interface ActivationAttempt {
  record: ActivationRecord | null;
  mrn: string;
  dob: string;
  code: string;
  now: Date;
}

/**
 * Outcome of an activation attempt. A wrong MRN, date of birth or code, and a missing record,
 * all give `'invalid'`: different answers would tell an attacker which MRNs exist or which
 * birth date goes with one. `'used'` and `'expired'` are only told to someone who knew all three.
 */
export type ActivationCheck = { ok: true } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

function normaliseMrn(mrn: string): string {
  return mrn.trim().toUpperCase();
}

/**
 * Checks an activation attempt. Pure: the caller loads the record, rate-limits attempts, and on
 * `ok` marks the record used in the same transaction that creates the account.
 *
 * All three factors are compared in constant time and all are compared every time (also when no
 * record was found), so timing does not reveal which one was wrong.
 */
export function checkActivation(attempt: ActivationAttempt): ActivationCheck {
  const { record, mrn, dob, code, now } = attempt;
  const canonicalCode = normaliseCode(code) ?? '';
  const matches = [
    constantTimeEqual(normaliseMrn(mrn), normaliseMrn(record?.mrn ?? '')),
    constantTimeEqual(dob.trim(), record?.dob ?? ''),
    constantTimeEqual(sha256Hex(canonicalCode), record?.codeHash ?? ''),
  ];
  if (record === null || matches.includes(false)) return { ok: false, reason: 'invalid' };
  if (record.usedAt !== null) return { ok: false, reason: 'used' };
  if (now.getTime() >= record.expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}
