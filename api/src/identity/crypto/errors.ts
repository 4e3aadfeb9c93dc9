/**
 * Typed errors thrown by the identity security primitives.
 *
 * Only programmer and configuration mistakes throw (a short secret, a malformed stored hash,
 * bad parameters). Wrong user input never throws: verifiers return `false`, `null` or a typed
 * reason, so routes need no try/catch for the ordinary "wrong code" path, and the app's one
 * `onError` can map every {@link IdentityCryptoError} to a 500 problem response.
 */

/** Base of every error below; `name` is the subclass's name, e.g. `'WeakSecretError'`. */
export class IdentityCryptoError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A key, pepper or secret is shorter than the 256 bits these primitives require. */
export class WeakSecretError extends IdentityCryptoError {
  constructor(
    readonly what: string,
    readonly bytes: number,
  ) {
    super(`${what} must be at least 32 bytes (256 bits); got ${bytes}`);
  }
}

/** Text is not valid RFC 4648 base32 (wrong alphabet or an impossible length). */
export class Base32DecodeError extends IdentityCryptoError {}

/** TOTP/HOTP parameters outside what RFC 4226/6238 and authenticator apps support. */
export class TotpParameterError extends IdentityCryptoError {}

/** A value cannot be serialised canonically (undefined, a non-finite number, a class instance). */
export class CanonicalJsonError extends IdentityCryptoError {}

/** A stored password hash is not a PHC-format argon2 string: the stored data is corrupt. */
export class PasswordHashFormatError extends IdentityCryptoError {}

/** A recovery or activation code handed to a hashing function is not well formed. */
export class CodeFormatError extends IdentityCryptoError {}

/** A CSRF token was requested without a session id to bind it to. */
export class CsrfSessionError extends IdentityCryptoError {}
