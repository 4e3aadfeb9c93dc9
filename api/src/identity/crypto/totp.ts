/**
 * Time-based one-time passwords for MFA: RFC 6238 TOTP on RFC 4226 HOTP, with the RFC 4648
 * base32 encoding that authenticator apps use for the shared secret.
 *
 * Defaults are HMAC-SHA1, 6 digits, 30-second steps: the only combination every common
 * authenticator app honours (several ignore the `algorithm`, `digits` and `period` URI
 * parameters). SHA-1's collision weakness does not affect HMAC-SHA1 (RFC 6194 §3.3).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Base32DecodeError, TotpParameterError } from './errors.ts';
import { constantTimeEqual } from './primitives.ts';

/** HMAC hash for HOTP/TOTP; RFC 6238 §1.2 allows SHA-1, SHA-256 and SHA-512. */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Parameters shared by the provisioning URI, code generation and verification. */
export interface TotpParameters {
  /** HMAC hash; default `'SHA1'`. */
  algorithm?: TotpAlgorithm;
  /** Code length, 6 to 8 (RFC 4226 §5.3 requires at least 6); default 6. */
  digits?: number;
  /** Time step X in seconds (RFC 6238 §4.1); default 30. */
  period?: number;
}

/** A shared secret: RFC 4648 base32 text (as shown to the user and stored) or raw key bytes. */
export type TotpSecret = string | Uint8Array;

/** The defaults, as RFC 6238 §5.2 recommends for the step and authenticator apps expect. */
export const TOTP_DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30 } as const satisfies Required<TotpParameters>;

/** Secret size: 160 bits, the size RFC 4226 §4 (R6) recommends and the HMAC-SHA1 output size. */
export const TOTP_SECRET_BYTES = 20;

const HMAC_NAME: Record<TotpAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MAX_WINDOW = 10;

// ---------------------------------------------------------------------------------------------
// Base32, RFC 4648 §6, without the `=` padding (authenticator apps neither need nor expect it).

/** Encodes bytes as RFC 4648 §6 base32, upper case, without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  // At most 4 leftover bits plus 8 new ones are pending, so 12 bits of buffer suffice.
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes RFC 4648 §6 base32. Case, spaces, dashes and trailing `=` padding are ignored,
 * since people copy secrets by hand in groups.
 *
 * @throws Base32DecodeError on a character outside the alphabet, or a length no encoding can
 * produce (1, 3 or 6 characters beyond a multiple of 8, RFC 4648 §6 final quantum rules)
 */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/=+$/, '');
  if ([1, 3, 6].includes(clean.length % 8)) throw new Base32DecodeError(`base32 text has an impossible length ${clean.length}`);
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let i = 0;
  // At most 7 leftover bits plus 5 new ones are pending, so 12 bits of buffer suffice.
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) throw new Base32DecodeError(`base32 text has a character outside the alphabet: ${JSON.stringify(char)}`);
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[i++] = (buffer >>> bits) & 0xff;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// HOTP, RFC 4226, and TOTP, RFC 6238.

/** Fills in defaults and checks the ranges that RFC 4226/6238 and authenticator apps support. */
function resolve(params: TotpParameters = {}): Required<TotpParameters> {
  const resolved = { ...TOTP_DEFAULTS, ...params };
  if (!(resolved.algorithm in HMAC_NAME)) throw new TotpParameterError(`unknown TOTP algorithm ${String(resolved.algorithm)}`);
  if (!Number.isInteger(resolved.digits) || resolved.digits < 6 || resolved.digits > 8) {
    throw new TotpParameterError(`TOTP digits must be 6, 7 or 8; got ${resolved.digits}`);
  }
  if (!Number.isInteger(resolved.period) || resolved.period < 1) {
    throw new TotpParameterError(`TOTP period must be a positive whole number of seconds; got ${resolved.period}`);
  }
  return resolved;
}

function secretBytes(secret: TotpSecret): Uint8Array {
  return typeof secret === 'string' ? base32Decode(secret) : secret;
}

/**
 * RFC 4226 §5.3 dynamic truncation: the low 4 bits of the last byte pick an offset, and the
 * 31 bits from there (top bit masked so signed and unsigned readings agree) form the number.
 *
 * @param mac - an HMAC output of at least 20 bytes
 */
export function dynamicTruncate(mac: Uint8Array): number {
  const offset = mac[mac.length - 1]! & 0x0f;
  return Buffer.from(mac.buffer, mac.byteOffset, mac.byteLength).readUInt32BE(offset) & 0x7fffffff;
}

/**
 * RFC 4226 HOTP value for one counter.
 *
 * @param secret - shared secret, base32 text or raw bytes
 * @param counter - the moving factor C, a non-negative integer sent as 8 bytes big-endian (§5.2)
 * @returns the code, zero-padded to `digits`
 * @throws TotpParameterError on an invalid counter or parameters
 * @throws Base32DecodeError when a text secret is not base32
 */
export function hotp(secret: TotpSecret, counter: number | bigint, params?: TotpParameters): string {
  const { algorithm, digits } = resolve(params);
  const c = BigInt(counter);
  if (c < 0n || c > 0xffff_ffff_ffff_ffffn) throw new TotpParameterError(`HOTP counter out of range: ${c}`);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(c);
  const mac = createHmac(HMAC_NAME[algorithm], secretBytes(secret)).update(message).digest();
  return String(dynamicTruncate(mac) % 10 ** digits).padStart(digits, '0');
}

/**
 * The RFC 6238 §4.2 time step T = floor((now - T0) / X), with T0 = the Unix epoch.
 *
 * @param nowMs - current time in milliseconds since the epoch
 * @param period - X, in seconds
 */
export function totpStep(nowMs: number, period: number = TOTP_DEFAULTS.period): number {
  return Math.floor(nowMs / (period * 1000));
}

/**
 * RFC 6238 TOTP code at `nowMs`.
 *
 * @example totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', Date.now())
 */
export function totp(secret: TotpSecret, nowMs: number, params?: TotpParameters): string {
  return hotp(secret, totpStep(nowMs, resolve(params).period), params);
}

/**
 * A new random shared secret, base32-encoded for the provisioning URI and manual entry.
 * Store it encrypted: unlike a password it must be recoverable to verify codes.
 *
 * @param bytes - secret size; at least 16 (RFC 4226 §4 R6: 128 bits minimum), default 20
 */
export function generateTotpSecret(bytes: number = TOTP_SECRET_BYTES): string {
  if (!Number.isInteger(bytes) || bytes < 16) throw new TotpParameterError(`TOTP secret must be at least 16 bytes; got ${bytes}`);
  return base32Encode(randomBytes(bytes));
}

/** What {@link totpUri} needs: who issues the secret, whose it is, and the secret itself. */
export interface TotpUriInput extends TotpParameters {
  /** Service name shown in the authenticator, e.g. `Vitals`; must not contain `:`. */
  issuer: string;
  /** Account name, usually the email address; must not contain `:`. */
  account: string;
  /** Base32 secret from {@link generateTotpSecret}. */
  secret: string;
}

/**
 * The `otpauth://` provisioning URI that authenticator apps read from a QR code
 * (Google Authenticator Key URI Format). The issuer is given both as the label prefix and as the
 * `issuer` parameter, as that format recommends for apps that read only one of the two.
 *
 * Components are percent-encoded with `encodeURIComponent`, not `URLSearchParams`: the latter
 * writes spaces as `+`, which some authenticators show literally.
 *
 * @example totpUri({ issuer: 'Vitals', account: 'ann@example.org', secret })
 * // 'otpauth://totp/Vitals:ann%40example.org?secret=…&issuer=Vitals&algorithm=SHA1&digits=6&period=30'
 * @throws TotpParameterError when the issuer or account contains `:` (it separates them in the label)
 * @throws Base32DecodeError when the secret is not base32
 */
export function totpUri(input: TotpUriInput): string {
  const { issuer, account, secret, ...params } = input;
  const { algorithm, digits, period } = resolve(params);
  for (const [field, value] of [['issuer', issuer], ['account', account]] as const) {
    if (value.length === 0 || value.includes(':')) throw new TotpParameterError(`TOTP ${field} must be non-empty and contain no ':'`);
  }
  const canonicalSecret = base32Encode(base32Decode(secret));
  const query = Object.entries({ secret: canonicalSecret, issuer, algorithm, digits, period })
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?${query}`;
}

/** Options for {@link verifyTotp}. */
export interface VerifyTotpOptions extends TotpParameters {
  /**
   * Steps of clock drift accepted on each side; default 1, as RFC 6238 §5.2 recommends
   * ("at most one time step"), i.e. a code is valid for about 90 seconds.
   */
  window?: number;
  /**
   * The step of the last code this user had accepted. A code for this step or an earlier one is
   * refused: RFC 6238 §5.2 says a verifier must not accept the second attempt of the same OTP.
   */
  lastUsedStep?: number | null;
}

/** Outcome of {@link verifyTotp}: on success, the step to store as the user's `lastUsedStep`. */
export type TotpVerification = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * Checks a TOTP code, allowing `window` steps of clock drift either way.
 *
 * Every candidate step in the window is computed and compared in constant time, with no early
 * exit, so response time does not reveal which step (if any) matched. When the code matches
 * several steps (a 1-in-a-million coincidence), the newest step not yet used wins.
 *
 * @param secret - the user's shared secret
 * @param code - what the user typed; spaces are ignored
 * @param nowMs - current time in milliseconds since the epoch
 * @returns `{ ok: true, step }` (store `step` as `lastUsedStep`), or `{ ok: false, reason }`
 * where `'replayed'` means the code was right but its step was already used
 * @throws TotpParameterError on invalid parameters or window
 * @throws Base32DecodeError when a text secret is not base32 (corrupt stored secret)
 */
export function verifyTotp(secret: TotpSecret, code: string, nowMs: number, options: VerifyTotpOptions = {}): TotpVerification {
  const { window = 1, lastUsedStep = null, ...params } = options;
  const resolved = resolve(params);
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new TotpParameterError(`TOTP window must be a whole number from 0 to ${MAX_WINDOW}; got ${window}`);
  }
  const candidate = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${resolved.digits}}$`).test(candidate)) return { ok: false, reason: 'invalid' };

  const key = secretBytes(secret);
  const current = totpStep(nowMs, resolved.period);
  let matched: number | null = null;
  let replayed = false;
  for (let step = Math.max(0, current - window); step <= current + window; step++) {
    if (!constantTimeEqual(hotp(key, step, resolved), candidate)) continue;
    if (lastUsedStep !== null && step <= lastUsedStep) replayed = true;
    else matched = step;
  }
  if (matched !== null) return { ok: true, step: matched };
  return { ok: false, reason: replayed ? 'replayed' : 'invalid' };
}
