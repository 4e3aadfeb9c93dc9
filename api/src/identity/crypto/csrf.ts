/**
 * CSRF tokens bound to the session by HMAC (OWASP CSRF Prevention Cheat Sheet, "Signed
 * Double-Submit Cookie"). The server sends the token in a readable cookie or page, the client
 * echoes it in a header (`X-CSRF-Token`) on every state-changing request, and the server checks
 * it against the session cookie it received.
 *
 * Token: `nonce.mac`, where mac = HMAC-SHA256(secret, label ‖ nonce ‖ sessionId). Binding to the
 * session id means a token planted by a sibling subdomain or taken from another session is
 * useless, and needs no server-side storage; the random nonce makes each token different, so a
 * compression side channel (BREACH) cannot recover it from many responses.
 */
import { CsrfSessionError } from './errors.ts';
import type { BytesLike } from './primitives.ts';
import { constantTimeEqual, hmacSha256, randomBase64Url, requireSecret } from './primitives.ts';

/** Random bytes in a token's nonce: 128 bits. */
export const CSRF_NONCE_BYTES = 16;

/** Domain separation: this secret's MACs over session ids can never pass for any other MAC. */
const LABEL = 'vitals:csrf:v1';

function mac(sessionId: string, nonce: string, secret: BytesLike): string {
  // The nonce is fixed-length base64url and cannot contain NUL, so the fields cannot run together.
  return hmacSha256(secret, `${LABEL}\0${nonce}\0${sessionId}`).toString('base64url');
}

/**
 * A new CSRF token for the session.
 *
 * @param sessionId - the session cookie's value (for a login form, a pre-session id)
 * @param secret - server secret of at least 32 bytes, from config
 * @throws WeakSecretError when the secret is shorter than 32 bytes
 * @throws CsrfSessionError when the session id is empty
 */
export function createCsrfToken(sessionId: string, secret: BytesLike): string {
  requireSecret(secret, 'CSRF secret');
  if (sessionId.length === 0) throw new CsrfSessionError('a CSRF token needs a session id');
  const nonce = randomBase64Url(CSRF_NONCE_BYTES);
  return `${nonce}.${mac(sessionId, nonce, secret)}`;
}

/**
 * Whether `token` was made by {@link createCsrfToken} for this session under this secret.
 * Malformed tokens are simply `false`; the MAC is compared in constant time.
 *
 * @throws WeakSecretError when the secret is shorter than 32 bytes
 */
export function verifyCsrfToken(sessionId: string, token: string, secret: BytesLike): boolean {
  requireSecret(secret, 'CSRF secret');
  const [nonce, presented, ...rest] = token.split('.');
  if (sessionId.length === 0 || nonce === undefined || presented === undefined || rest.length > 0) return false;
  return constantTimeEqual(presented, mac(sessionId, nonce, secret));
}
