import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHex } from './hex.ts';
import { decodeSystemId, encodeSystemId, systemIdCodec } from './system-id.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('System ID 0x2A23', () => {
  it('decodes the GSS example: OUI 0x123456, address 0x9ABCDE → System ID 0x123456FFFE9ABCDE', () => {
    // LSO first: the 40-bit manufacturer identifier 0xFFFE9ABCDE, then the 24-bit OUI 0x123456.
    const bytes = parseHex('DE BC 9A FE FF 56 34 12');
    expect(decodeSystemId(bytes).fields).toEqual({ manufacturerIdentifier: 'FFFE9ABCDE', organizationallyUniqueIdentifier: '123456' });
    expect(encodeSystemId(decodeSystemId(bytes).fields)).toEqual(bytes);
  });

  it('fails any length but 8', () => {
    expectDecodeError(() => decodeSystemId(parseHex('DE BC 9A FE FF 56 34')), 'TRUNCATED', 5);
    expectDecodeError(() => decodeSystemId(parseHex('DE BC 9A FE FF 56 34 12 00')), 'TRAILING_BYTES', 8);
  });

  it('round-trips', () => {
    const hex = (digits: number) => fc.integer({ min: 0, max: 16 ** digits - 1 }).map((n) => n.toString(16).toUpperCase().padStart(digits, '0'));
    assertRoundTrip(systemIdCodec, fc.record({ manufacturerIdentifier: hex(10), organizationallyUniqueIdentifier: hex(6) }));
  });
});
