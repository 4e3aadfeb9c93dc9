import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricValue } from '../../../common/src/wire/readings.ts';
import { GattDecodeError } from './errors.ts';
import { findCodec, GATT_REGISTRY, normalizeUuid } from './registry.ts';
import type { DecodeContext, GattCodec } from './types.ts';

const CONTEXTS: DecodeContext[] = [{}, { cgmE2eCrc: true, cgmSessionStartTime: '2024-05-20T08:00:00' }, { cgmE2eCrc: false }];
/** Widened to the common codec type, as the agent and CLI see them. */
const CODECS: Array<[string, GattCodec]> = Object.entries(GATT_REGISTRY);
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

describe('GATT registry', () => {
  it('covers every characteristic of the issue, each under its own UUID', () => {
    expect(Object.keys(GATT_REGISTRY).sort()).toEqual(
      ['2A18', '2A34', '2A52', '2A51', '2A35', '2A36', '2A49', '2AA7', '2AA8', '2AA9', '2AAA', '2A5E', '2A5F', '2A9D', '2A1C', '2A37', '2A19', '2A2B', '2A29', '2A24', '2A25', '2A27', '2A26', '2A28', '2A23'].sort(),
    );
    for (const [uuid, codec] of Object.entries(GATT_REGISTRY)) expect(codec.uuid).toBe(uuid);
    expect(new Set(Object.values(GATT_REGISTRY).map((c) => c.name)).size).toBe(Object.keys(GATT_REGISTRY).length);
  });

  it.each(['2A35', '2a35', '0x2A35', '0X2a35', '00002A35', '00002a35-0000-1000-8000-00805f9b34fb', ' 2A35 '])('normalises %j to 2A35', (text) => {
    expect(normalizeUuid(text)).toBe('2A35');
    expect(findCodec(text)?.name).toBe('blood_pressure_measurement');
  });

  it('knows no other UUIDs', () => {
    expect(normalizeUuid('12345')).toBeUndefined();
    expect(normalizeUuid('0000xyz1')).toBeUndefined();
    expect(normalizeUuid('00002a35-0000-1000-8000-00805f9b34fc')).toBeUndefined();
    expect(findCodec('2A00')).toBeUndefined();
    expect(findCodec('constructor')).toBeUndefined();
  });
});

describe.each(CODECS)('fuzz %s', (_uuid, codec) => {
  it('throws nothing but GattDecodeError on random bytes, and what it returns fits the wire contract', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(...CONTEXTS), (bytes, context) => {
        let result;
        try {
          result = codec.decode(bytes, context);
        } catch (e) {
          expect(e).toBeInstanceOf(GattDecodeError);
          expect((e as GattDecodeError).offset).toBeGreaterThanOrEqual(0);
          expect((e as GattDecodeError).offset).toBeLessThanOrEqual(bytes.length);
          return;
        }
        expect(result.characteristic).toBe(codec.name);
        for (const { deviceTime, sequence, ...value } of result.readings) {
          MetricValue.parse(value);
          if (deviceTime !== undefined) expect(deviceTime).toMatch(LOCAL_DATE_TIME);
          if (sequence !== undefined) expect(Number.isInteger(sequence)).toBe(true);
        }
        // Whatever decodes must encode back to something that decodes to the same fields.
        expect(codec.decode(codec.encode(result.fields), context).fields).toEqual(result.fields);
      }),
      { numRuns: 1500 },
    );
  });

  it('throws nothing but GattDecodeError on truncated or bit-flipped valid frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (seed, cut, flip) => {
        // Start from something that decodes when possible: re-encode the decode of random bytes.
        let valid: Uint8Array;
        try {
          valid = codec.encode(codec.decode(seed).fields);
        } catch {
          return;
        }
        const mutated = valid.slice(0, cut % (valid.length + 1));
        if (mutated.length > 0) mutated[flip % mutated.length] = mutated[flip % mutated.length]! ^ (1 << (flip % 8));
        try {
          codec.decode(mutated);
        } catch (e) {
          expect(e).toBeInstanceOf(GattDecodeError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
