import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firmwareRevisionCodec, hardwareRevisionCodec, manufacturerNameCodec, modelNumberCodec, serialNumberCodec, softwareRevisionCodec } from './device-information.ts';
import { parseHex } from './hex.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

const codecs = [manufacturerNameCodec, modelNumberCodec, serialNumberCodec, hardwareRevisionCodec, firmwareRevisionCodec, softwareRevisionCodec];

describe('Device Information strings 0x2A29 0x2A24 0x2A25 0x2A27 0x2A26 0x2A28', () => {
  it('decodes UTF-8 and drops NUL terminators', () => {
    expect(manufacturerNameCodec.decode(parseHex('44 65 74 65 63 74 6F'))).toEqual({ characteristic: 'manufacturer_name_string', fields: { value: 'Detecto' }, readings: [] });
    expect(firmwareRevisionCodec.decode(parseHex('31 2E 30 2E 33 00 00')).fields).toEqual({ value: '1.0.3' });
    expect(serialNumberCodec.decode(parseHex('C3 A9')).fields).toEqual({ value: 'é' });
  });

  it('fails invalid UTF-8', () => {
    expectDecodeError(() => modelNumberCodec.decode(parseHex('C3 28')), 'INVALID_VALUE', 0);
  });

  it.each(codecs.map((c) => [c.uuid, c] as const))('%s round-trips', (_uuid, codec) => {
    assertRoundTrip(codec, fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.endsWith('\0')).map((value) => ({ value })));
  });
});
