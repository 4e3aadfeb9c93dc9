/**
 * Password hashing (argon2id) and the password policy.
 *
 * Hashing parameters follow the OWASP Password Storage Cheat Sheet's first argon2id option:
 * m = 19456 KiB (19 MiB), t = 2 passes, p = 1 lane; about 10-20 ms per hash on one core. They are
 * written into every PHC hash string, so they can be raised later: {@link needsRehash} tells the
 * login route to rehash a password it has just verified.
 *
 * Passwords are Unicode-normalised to NFKC before hashing and length-counting, as NIST SP 800-63B
 * §5.1.1.2 advises, so the same password typed on different keyboards or operating systems (a
 * composed or decomposed "é") verifies.
 *
 * The policy follows NIST SP 800-63B §5.1.1.2 and OWASP: a minimum length, a generous maximum, a
 * check against commonly used passwords and the user's own details, and no composition rules
 * ("one upper case, one symbol") nor forced expiry, which lead to predictable passwords.
 */
import { readFileSync } from 'node:fs';
import type { Algorithm } from '@node-rs/argon2';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import { PasswordHashFormatError } from './errors.ts';

/** argon2id parameters (OWASP Password Storage Cheat Sheet); see the module comment. */
export const ARGON2_OPTIONS = Object.freeze({
  // Algorithm.Argon2id: the package's const enum cannot be read under `isolatedModules`.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * argon2id hash, with {@link ARGON2_OPTIONS}, of a random password nobody knows (its 32 random
 * bytes were discarded). Verifying against it costs the same as verifying a real hash, which is
 * what {@link dummyVerify} needs; password.test.ts checks that its parameters stay equal to
 * {@link ARGON2_OPTIONS}, so regenerate it whenever those change.
 */
export const DUMMY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$GFihxjapjiHD883fyDlxYA$O9tul8WGWOqQByxeGizrvapciTYEPK8U6qzNRg+/QrA';

/** Fewest characters (Unicode code points) in a password: NIST SP 800-63B's 8, raised for health data. */
export const PASSWORD_MIN_LENGTH = 12;

/** Most characters: long enough for any passphrase, short enough to bound the work per login. */
export const PASSWORD_MAX_LENGTH = 256;

/** Fewest different characters: `aaaaaaaaaaaa` or `abababababab` is long but trivial to guess. */
export const PASSWORD_MIN_DISTINCT = 5;

/** Shortest part of an email address or name that the policy looks for inside a password. */
export const PERSONAL_FRAGMENT_MIN_LENGTH = 3;

function normalise(password: string): string {
  return password.normalize('NFKC');
}

/**
 * The argon2id hash of a password, as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a
 * random 16-byte salt. Check the policy first: this hashes whatever it is given.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), ARGON2_OPTIONS);
}

/**
 * Whether `password` matches `storedHash`. The comparison inside argon2 is constant time.
 *
 * @throws PasswordHashFormatError when the stored hash is not an argon2 PHC string
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalise(password));
  } catch (cause) {
    throw new PasswordHashFormatError('stored password hash is not a valid argon2 hash', { cause });
  }
}

/**
 * Whether a stored hash was made with other parameters than {@link ARGON2_OPTIONS}; if so, rehash
 * the password after a successful login, while the plain password is at hand.
 *
 * @throws PasswordHashFormatError when the stored hash is not an argon2 PHC string
 */
export function needsRehash(storedHash: string): boolean {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(storedHash);
  } catch (cause) {
    throw new PasswordHashFormatError('stored password hash is not a valid argon2 hash', { cause });
  }
  return (['algorithm', 'memoryCost', 'timeCost', 'parallelism'] as const).some((key) => options[key] !== ARGON2_OPTIONS[key]);
}

/**
 * Spends the time of a real {@link verifyPassword} and answers `false`. Call it when a login
 * names no account (or one without a password), so that response time does not tell an attacker
 * which email addresses have accounts (OWASP Authentication Cheat Sheet, "Authentication Responses").
 *
 * @param password - the password that was typed, so the work matches a real check exactly
 */
export async function dummyVerify(password = ''): Promise<false> {
  await verify(DUMMY_PASSWORD_HASH, normalise(password));
  return false;
}

// ---------------------------------------------------------------------------------------------
// Policy

/** Why a password was refused; `message` is plain language for the person choosing it. */
export interface PasswordIssue {
  code: 'too_short' | 'too_long' | 'common' | 'contains_email' | 'contains_name' | 'too_few_distinct';
  message: string;
}

/** What the policy knows about the person, to refuse passwords built from it. */
export interface PasswordContext {
  email?: string | null;
  name?: string | null;
}

/** A password policy with its common-password list loaded. */
export interface PasswordPolicy {
  /**
   * Every reason `password` is not acceptable; an empty list means it is.
   *
   * @param password - the new password, as typed
   * @param context - the account's email address and name
   */
  check(password: string, context?: PasswordContext): PasswordIssue[];
}

/** Lower case without accents, for comparing with word lists and personal details. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Reads a list of common passwords, one per line, into a set of folded (lower case, unaccented)
 * entries. Call it once at start-up and share the set.
 *
 * @param file - the list; default the `common-passwords.txt` shipped beside this module
 */
export function loadCommonPasswords(file: string | URL = new URL('./common-passwords.txt', import.meta.url)): ReadonlySet<string> {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  return new Set(lines.map((line) => fold(line.trim())).filter((line) => line.length > 0));
}

/**
 * The password with digits, symbols and spaces peeled off either end: people decorate a common
 * word (`sunshine2024!`, `123monkey`) far more often than they change it.
 */
function decorationVariants(folded: string): string[] {
  const trailing = folded.replace(/[^\p{L}]+$/u, '');
  const leading = folded.replace(/^[^\p{L}]+/u, '');
  return [folded, trailing, leading, leading.replace(/[^\p{L}]+$/u, '')];
}

/** Parts of an email address's local part and of a name long enough to look for. */
function personalFragments(text: string | null | undefined, splitWhole: boolean): string[] {
  const folded = fold(text ?? '');
  const whole = splitWhole ? [folded] : [];
  return [...whole, ...folded.split(/[^\p{L}\p{N}]+/u)].filter((part) => part.length >= PERSONAL_FRAGMENT_MIN_LENGTH);
}

/**
 * Builds the password policy: length 12 to 256, at least 5 different characters, not a common
 * password (also after peeling digits and symbols off the ends), and not containing the user's
 * email local part or name (parts of 3 characters or more, case and accents ignored).
 *
 * @param options.commonPasswords - the list to refuse; default {@link loadCommonPasswords}()
 * @example
 * const policy = createPasswordPolicy();
 * policy.check('sunshine2024!', { email: 'ann@example.org' });
 * // [{ code: 'common', message: 'This password is too common …' }]
 */
export function createPasswordPolicy(options: { commonPasswords?: ReadonlySet<string> } = {}): PasswordPolicy {
  const commonPasswords = options.commonPasswords ?? loadCommonPasswords();
  return {
    check(password, context = {}) {
      const normalised = normalise(password);
      const length = [...normalised].length;
      if (length > PASSWORD_MAX_LENGTH) {
        return [{ code: 'too_long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }];
      }
      const folded = fold(normalised);
      const localPart = context.email?.split('@')[0];
      const checks: Array<[boolean, PasswordIssue]> = [
        [length < PASSWORD_MIN_LENGTH, { code: 'too_short', message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` }],
        [
          new Set(normalised).size < PASSWORD_MIN_DISTINCT,
          { code: 'too_few_distinct', message: 'Use more different characters; this password repeats the same few.' },
        ],
        [
          decorationVariants(folded).some((variant) => commonPasswords.has(variant)),
          {
            code: 'common',
            message: 'This password is too common and would be guessed quickly. Try a few unrelated words together.',
          },
        ],
        [
          personalFragments(localPart, true).some((fragment) => folded.includes(fragment)),
          { code: 'contains_email', message: 'Do not use your email address, or part of it, in your password.' },
        ],
        [
          personalFragments(context.name, false).some((fragment) => folded.includes(fragment)),
          { code: 'contains_name', message: 'Do not use your name in your password.' },
        ],
      ];
      return checks.filter(([failed]) => failed).map(([, issue]) => issue);
    },
  };
}
