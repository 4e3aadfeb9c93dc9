/**
 * Encryption at rest for secrets the server must read back (TOTP seeds): AES-256-GCM under a
 * keyring kept in config, never in the database, so a database dump or backup alone does not
 * yield second factors. Sealed values name their key, so keys rotate without a flag day: the
 * first key seals, every listed key opens, and values sealed under an old key are re-sealed the
 * next time they are used.
 *
 * Format: `v1.<key id>.<iv>.<ciphertext+tag>` (base64url). Values without the `v1.` prefix are
 * the plaintext written before encryption existed; {@link openSecret} reports them as legacy.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { requireSecret, type BytesLike } from './primitives.ts';

export interface SecretKey {
  /** Short name stored with each sealed value: letters, digits, `-` and `_`. */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** The keys a server holds: `keys[0]` seals, all of them open. */
export interface SecretKeyring {
  keys: readonly SecretKey[];
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parse `MFA_ENCRYPTION_KEYS`: comma-separated `<id>:<base64 or base64url of 32 bytes>`, newest first.
 * @throws SecretBoxError naming the entry that is wrong
 */
export function parseKeyring(value: string): SecretKeyring {
  const keys = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i): SecretKey => {
      const at = entry.indexOf(':');
      const id = entry.slice(0, at);
      if (at < 1 || !KEY_ID.test(id)) throw new SecretBoxError(`key ${i + 1}: expected <id>:<base64 key> with an id of letters, digits, - or _`);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (key.length !== 32) throw new SecretBoxError(`key ${id}: must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
      return { id, key };
    });
  if (!keys.length) throw new SecretBoxError('no keys given');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new SecretBoxError('key ids must be unique');
  return { keys };
}

/** A keyring of one key derived (HKDF-SHA256) from a server secret, for installs that set no keys. */
export function derivedKeyring(serverSecret: BytesLike, purpose: string): SecretKeyring {
  requireSecret(serverSecret, 'server secret');
  const key = Buffer.from(hkdfSync('sha256', serverSecret, Buffer.alloc(0), `vitals:${purpose}:v1`, 32));
  return { keys: [{ id: 'derived', key }] };
}

/**
 * Encrypt `plaintext` under the keyring's first key. `context` (e.g. the user id) is bound as
 * additional data: a sealed value copied to another row does not open there.
 */
export function sealSecret(plaintext: string, ring: SecretKeyring, context: string): string {
  const k = ring.keys[0]!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', k.key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, k.id, iv.toString('base64url'), body.toString('base64url')].join('.');
}

export interface OpenedSecret {
  plaintext: string;
  /** Not sealed under the current key (legacy plaintext or an older key): re-seal it. */
  stale: boolean;
}

/**
 * Decrypt a value from {@link sealSecret}; legacy plaintext comes back as is, marked stale.
 * @throws SecretBoxError when the key is unknown or the value was altered (or sealed for another context)
 */
export function openSecret(stored: string, ring: SecretKeyring, context: string): OpenedSecret {
  if (!stored.startsWith(`${VERSION}.`)) return { plaintext: stored, stale: true };
  const [, id, ivText, bodyText] = stored.split('.');
  const k = ring.keys.find((x) => x.id === id);
  if (!k || ivText === undefined || bodyText === undefined) throw new SecretBoxError(`no key "${id}" in the keyring to open this value`);
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new SecretBoxError('sealed value is malformed');
  const decipher = createDecipheriv('aes-256-gcm', k.key, iv);
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    const plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    return { plaintext, stale: k !== ring.keys[0] };
  } catch {
    throw new SecretBoxError('sealed value failed authentication (altered, or sealed for another record)');
  }
}
