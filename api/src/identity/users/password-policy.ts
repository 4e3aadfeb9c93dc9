import { ValidationError } from '../../../../common/src/errors/index.ts';
import type { PasswordContext, PasswordPolicy } from '../crypto/password.ts';

/**
 * Refuse a new password the policy does not accept, with every reason in plain language as the
 * problem's `errors` (path `password`), so the form can show them all at once.
 *
 * @throws ValidationError when the policy finds any issue
 */
export function assertAcceptablePassword(policy: PasswordPolicy, password: string, context: PasswordContext): void {
  const issues = policy.check(password, context);
  if (issues.length) throw new ValidationError('choose another password', issues.map((i) => ({ path: 'password', message: i.message, code: i.code })));
}
