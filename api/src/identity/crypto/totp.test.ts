import { timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Base32DecodeError, TotpParameterError } from './errors.ts';
import type { TotpAlgorithm } from './totp.ts';
import {
  base32Decode,
  base32Encode,
  dynamicTruncate,
  generateTotpSecret,
  hotp,
  totp,
  totpStep,
  totpUri,
  verifyTotp,
} from './totp.ts';

// Wrap timingSafeEqual in a spy (same behaviour) to check that codes are compared through it.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const STEP_MS = 30_000;

describe('base32 (RFC 4648)', () => {
  // RFC 4648 §10 test vectors, padding removed.
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('encodes %j as %s', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(Buffer.from(base32Decode(encoded)).toString()).toBe(plain);
  });

  it('decodes lower case, spaces, dashes and padding', () => {
    expect(Buffer.from(base32Decode('mzxw 6ytb-oi======')).toString()).toBe('foobar');
  });

  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(() => base32Decode('MZXW1')).toThrow(Base32DecodeError);
    expect(() => base32Decode('M')).toThrow(Base32DecodeError);
    expect(() => base32Decode('MZX')).toThrow(Base32DecodeError);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
  });
});

describe('HOTP (RFC 4226)', () => {
  it('truncates as in the §5.4 example', () => {
    const mac = Buffer.from('1f8698690e02ca16618550ef7f19da8e945b555a', 'hex');
    expect(dynamicTruncate(mac)).toBe(0x50ef7f19);
  });

  // RFC 4226 Appendix D.
  const appendixD = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(appendixD.map((code, counter) => [counter, code] as const))('counter %i gives %s', (counter, code) => {
    expect(hotp(RFC_SEED, counter)).toBe(code);
  });

  it('accepts the secret as base32 text too', () => {
    expect(hotp(base32Encode(RFC_SEED), 1)).toBe('287082');
  });

  it('always yields the requested number of digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(6, 7, 8), (counter, digits) => {
        expect(hotp(RFC_SEED, counter, { digits })).toMatch(new RegExp(`^\\d{${digits}}$`));
      }),
    );
  });

  it('refuses out-of-range parameters', () => {
    expect(() => hotp(RFC_SEED, -1)).toThrow(TotpParameterError);
    expect(() => hotp(RFC_SEED, 2n ** 64n)).toThrow(TotpParameterError);
    expect(() => hotp(RFC_SEED, 0, { digits: 5 })).toThrow(TotpParameterError);
    expect(() => hotp(RFC_SEED, 0, { algorithm: 'MD5' as TotpAlgorithm })).toThrow(TotpParameterError);
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 Appendix B: seeds are the ASCII digits repeated to the hash's output size.
  const seeds: Record<TotpAlgorithm, Buffer> = {
    SHA1: RFC_SEED,
    SHA256: Buffer.from('12345678901234567890123456789012', 'ascii'),
    SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
  };
  const appendixB: Array<[number, string, TotpAlgorithm, string]> = [
    [59, '0000000000000001', 'SHA1', '94287082'],
    [59, '0000000000000001', 'SHA256', '46119246'],
    [59, '0000000000000001', 'SHA512', '90693936'],
    [1111111109, '00000000023523EC', 'SHA1', '07081804'],
    [1111111109, '00000000023523EC', 'SHA256', '68084774'],
    [1111111109, '00000000023523EC', 'SHA512', '25091201'],
    [1111111111, '00000000023523ED', 'SHA1', '14050471'],
    [1111111111, '00000000023523ED', 'SHA256', '67062674'],
    [1111111111, '00000000023523ED', 'SHA512', '99943326'],
    [1234567890, '000000000273EF07', 'SHA1', '89005924'],
    [1234567890, '000000000273EF07', 'SHA256', '91819424'],
    [1234567890, '000000000273EF07', 'SHA512', '93441116'],
    [2000000000, '0000000003F940AA', 'SHA1', '69279037'],
    [2000000000, '0000000003F940AA', 'SHA256', '90698825'],
    [2000000000, '0000000003F940AA', 'SHA512', '38618901'],
    [20000000000, '0000000027BC86AA', 'SHA1', '65353130'],
    [20000000000, '0000000027BC86AA', 'SHA256', '77737706'],
    [20000000000, '0000000027BC86AA', 'SHA512', '47863826'],
  ];
  it.each(appendixB)('at %i s (T=%s) %s gives %s', (seconds, stepHex, algorithm, code) => {
    expect(totpStep(seconds * 1000)).toBe(parseInt(stepHex, 16));
    expect(totp(seeds[algorithm], seconds * 1000, { algorithm, digits: 8 })).toBe(code);
  });

  it('generates 160-bit base32 secrets by default and refuses ones under 128 bits', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
    expect(() => generateTotpSecret(15)).toThrow(TotpParameterError);
  });
});

describe('totpUri', () => {
  const secret = 'JBSWY3DPEHPK3PXP';

  it('builds a Key URI Format provisioning URI', () => {
    expect(totpUri({ issuer: 'Vitals', account: 'ann@example.org', secret })).toBe(
      'otpauth://totp/Vitals:ann%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Vitals&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('percent-encodes spaces and reserved characters, never as +', () => {
    const uri = totpUri({ issuer: 'Vitals Clinic & Co', account: 'ann+mfa@example.org', secret: 'jbsw y3dp ehpk 3pxp' });
    expect(uri).toBe(
      'otpauth://totp/Vitals%20Clinic%20%26%20Co:ann%2Bmfa%40example.org' +
        '?secret=JBSWY3DPEHPK3PXP&issuer=Vitals%20Clinic%20%26%20Co&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = new URL(uri);
    expect(parsed.searchParams.get('issuer')).toBe('Vitals Clinic & Co');
  });

  it('refuses a colon in issuer or account, and a secret that is not base32', () => {
    expect(() => totpUri({ issuer: 'Vi:tals', account: 'ann', secret })).toThrow(TotpParameterError);
    expect(() => totpUri({ issuer: 'Vitals', account: 'a:nn', secret })).toThrow(TotpParameterError);
    expect(() => totpUri({ issuer: 'Vitals', account: 'ann', secret: 'not base32!' })).toThrow(Base32DecodeError);
  });
});

describe('verifyTotp', () => {
  // Fixed secrets and time, so no test can pass or fail by a one-in-a-million code collision.
  const secret = base32Encode(RFC_SEED);
  const otherSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const step = totpStep(T0);
  const codeAt = (offsetSteps: number) => totp(secret, T0 + offsetSteps * STEP_MS);

  beforeEach(() => {
    vi.mocked(timingSafeEqual).mockClear();
  });

  it('accepts the current code and returns its step', () => {
    expect(verifyTotp(secret, codeAt(0), T0)).toEqual({ ok: true, step });
  });

  it('accepts one step of drift either way', () => {
    expect(verifyTotp(secret, codeAt(-1), T0)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, codeAt(1), T0)).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses two steps of drift', () => {
    expect(verifyTotp(secret, codeAt(-2), T0)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyTotp(secret, codeAt(2), T0)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('honours a wider or narrower window', () => {
    expect(verifyTotp(secret, codeAt(-2), T0, { window: 2 }).ok).toBe(true);
    expect(verifyTotp(secret, codeAt(-1), T0, { window: 0 }).ok).toBe(false);
    expect(() => verifyTotp(secret, codeAt(0), T0, { window: -1 })).toThrow(TotpParameterError);
  });

  it('refuses a replay of the same step, and of an earlier one', () => {
    const first = verifyTotp(secret, codeAt(0), T0);
    expect(first.ok).toBe(true);
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotp(secret, codeAt(0), T0 + 5_000, { lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(-1), T0, { lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(1), T0 + STEP_MS, { lastUsedStep })).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses malformed codes and a wrong secret', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12345a']) {
      expect(verifyTotp(secret, code, T0)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(verifyTotp(otherSecret, codeAt(0), T0).ok).toBe(false);
  });

  it('ignores spaces in the typed code', () => {
    const code = codeAt(0);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, T0).ok).toBe(true);
  });

  it('compares every step of the window in constant time, with no early exit', () => {
    verifyTotp(secret, codeAt(-1), T0);
    // Three candidate steps, each compared through timingSafeEqual on equal-length digests.
    expect(timingSafeEqual).toHaveBeenCalledTimes(3);
    for (const [a, b] of vi.mocked(timingSafeEqual).mock.calls) {
      expect((a as Buffer).length).toBe((b as Buffer).length);
    }
  });
});
