import { ValidationError } from '../../../../common/src/errors/index.ts';

/** The longest a patient may grant proxy access for at once; they can renew it. */
export const MAX_PROXY_GRANT_DAYS = 3 * 366;

/**
 * A grant's expiry must lie ahead, and not so far ahead that a forgotten grant outlives the
 * relationship: proxy access is renewed deliberately.
 *
 * @throws ValidationError when the expiry is past or too far away
 */
export function assertGrantExpiry(expiresAt: Date, now: Date): void {
  if (expiresAt.getTime() <= now.getTime()) throw new ValidationError('the request is not valid', [{ path: 'expiresAt', message: 'Choose an expiry date in the future.' }]);
  if (expiresAt.getTime() - now.getTime() > MAX_PROXY_GRANT_DAYS * 86_400_000) {
    throw new ValidationError('the request is not valid', [{ path: 'expiresAt', message: `Proxy access can be granted for at most ${MAX_PROXY_GRANT_DAYS} days at a time; renew it later.` }]);
  }
}
