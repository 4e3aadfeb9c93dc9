import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { PasswordHashFormatError } from './errors.ts';
import {
  ARGON2_OPTIONS,
  DUMMY_PASSWORD_HASH,
  createPasswordPolicy,
  dummyVerify,
  hashPassword,
  loadCommonPasswords,
  needsRehash,
  verifyPassword,
} from './password.ts';

describe('argon2id hashing', () => {
  it('hashes with the OWASP parameters and a random salt', async () => {
    const a = await hashPassword('a long enough passphrase');
    const b = await hashPassword('a long enough passphrase');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies the right password only', async () => {
    const stored = await hashPassword('correct battery horse');
    expect(await verifyPassword(stored, 'correct battery horse')).toBe(true);
    expect(await verifyPassword(stored, 'correct battery horse ')).toBe(false);
    expect(await verifyPassword(stored, 'Correct battery horse')).toBe(false);
  });

  it('verifies composed and decomposed Unicode alike (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9 au lait du matin');
    expect(await verifyPassword(stored, 'cafe\u0301 au lait du matin')).toBe(true);
  });

  it('asks for a rehash of hashes made with other parameters', async () => {
    const weaker = '$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$9eOaT7mNdBgaWNHpUoG0F16L1GlLnybbt2eX2lPQJPY';
    expect(needsRehash(weaker)).toBe(true);
  });

  it('throws a typed error for a corrupt stored hash', async () => {
    await expect(verifyPassword('not-a-hash', 'x')).rejects.toThrow(PasswordHashFormatError);
    expect(() => needsRehash('not-a-hash')).toThrow(PasswordHashFormatError);
  });
});

describe('dummyVerify', () => {
  it('always answers false', async () => {
    expect(await dummyVerify('anything at all')).toBe(false);
    expect(await dummyVerify()).toBe(false);
  });

  it('costs what a real verify costs: its hash has the same parameters', async () => {
    expect(parseOptions(DUMMY_PASSWORD_HASH)).toMatchObject({ ...ARGON2_OPTIONS, outputLen: 32, saltLen: 16 });
  });

  it('takes about as long as a real verify', async () => {
    const stored = await hashPassword('a real user password');
    const time = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    const real: number[] = [];
    const dummy: number[] = [];
    // Interleaved, after a warm-up, so a burst of load from other test files hits both alike.
    await dummyVerify('warm-up');
    for (let i = 0; i < 9; i++) {
      real.push(await time(() => verifyPassword(stored, 'a wrong password!')));
      dummy.push(await time(() => dummyVerify('a wrong password!')));
    }
    const median = (times: number[]) => times.sort((x, y) => x - y)[Math.floor(times.length / 2)]!;
    const ratio = median(dummy) / median(real);
    // Loose bounds: the CPU is shared. Equal parameters (above) are the real guarantee.
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
  });
});

describe('common password list', () => {
  const list = loadCommonPasswords();

  it('ships thousands of entries, including long ones that pass the length rule', () => {
    expect(list.size).toBeGreaterThanOrEqual(1000);
    expect([...list].filter((p) => p.length >= 12).length).toBeGreaterThanOrEqual(1000);
    for (const p of ['123456', 'password', 'qwerty', 'password1234', 'qwertyuiopas', '1qaz2wsx3edc', 'iloveyou1234']) {
      expect(list.has(p)).toBe(true);
    }
  });
});

describe('password policy', () => {
  const policy = createPasswordPolicy();
  const codes = (password: string, context?: Parameters<typeof policy.check>[1]) => policy.check(password, context).map((i) => i.code);

  it('accepts a long, uncommon passphrase', () => {
    expect(policy.check('violet tractor hums at noon', { email: 'ann.lee@example.org', name: 'Ann Lee' })).toEqual([]);
  });

  it('refuses fewer than 12 or more than 256 characters, counting code points', () => {
    expect(codes('Xk7#pQ2!mZ9')).toEqual(['too_short']);
    expect(codes('Xk7#pQ2!mZ9w')).toEqual([]);
    expect(codes('😀😁😂🤣😃😄😅😆😉😊😋')).toEqual(['too_short']);
    expect(codes('abcdefghij'.repeat(25) + 'abcdef')).toEqual([]);
    expect(codes('abcdefghij'.repeat(25) + 'abcdefg')).toEqual(['too_long']);
  });

  it('refuses common passwords, in any case', () => {
    expect(codes('password1234')).toEqual(['common']);
    expect(codes('QwertyuiopAS')).toEqual(['common']);
    expect(codes('1qaz2wsx3edc')).toEqual(['common']);
  });

  it('refuses common words decorated with digits and symbols', () => {
    expect(codes('Sunshine2024!!')).toEqual(['common']);
    expect(codes('2024!monkey!!!')).toEqual(['common']);
  });

  it('refuses passwords made of too few different characters', () => {
    expect(codes('zzzzzzzzzzzzzzz')).toContain('too_few_distinct');
    expect(codes('xyxyxyxyxyxyxy')).toContain('too_few_distinct');
  });

  it('refuses passwords containing the email local part or a part of it', () => {
    const context = { email: 'Jane.Okafor@example.org' };
    expect(codes('my jane.okafor secret', context)).toEqual(['contains_email']);
    expect(codes('violet OKAFOR tractor', context)).toEqual(['contains_email']);
    expect(codes('violet tractor at noon', context)).toEqual([]);
  });

  it('refuses passwords containing the name, ignoring case and accents', () => {
    const context = { name: 'José Müller-Ng' };
    expect(codes('violet jose tractor', context)).toEqual(['contains_name']);
    expect(codes('violet MULLER tractor', context)).toEqual(['contains_name']);
    // Name parts under 3 characters are not looked for: they are inside too many innocent words.
    expect(codes('violet ngong tractor', context)).toEqual([]);
  });

  it('reports every problem at once, in plain language', () => {
    const issues = policy.check('ann', { name: 'Ann' });
    expect(issues.map((i) => i.code)).toEqual(['too_short', 'too_few_distinct', 'contains_name']);
    for (const issue of issues) expect(issue.message).toMatch(/^[A-Z].*\.$/);
  });

  it('uses an injected list', () => {
    const custom = createPasswordPolicy({ commonPasswords: new Set(['violet tractor hums']) });
    expect(custom.check('Violet Tractor Hums').map((i) => i.code)).toEqual(['common']);
  });
});
