import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'battery_level';

/** Decoded Battery Level (0x2A19). */
export interface BatteryLevelFields {
  /** Percent of full charge, 0..100. */
  level: number;
}

/**
 * Decodes a Battery Level (BAS v1.0: uint8 percentage, 101..255 reserved). Not a patient
 * metric: no readings (the agent reports it in gateway status/events).
 * @throws GattDecodeError for a value above 100 or a length other than 1
 */
export function decodeBatteryLevel(value: Uint8Array): DecodeResult<BatteryLevelFields> {
  const r = new ByteReader(value, NAME);
  const level = r.u8('battery level');
  if (level > 100) r.fail('INVALID_VALUE', `battery level ${level} above 100 %`, 0);
  r.end();
  return new ReadingCollector().result(NAME, { level });
}

/**
 * Encodes a Battery Level.
 * @throws RangeError outside 0..100
 */
export function encodeBatteryLevel(f: BatteryLevelFields): Uint8Array {
  if (f.level > 100) throw new RangeError(`battery level ${f.level} above 100 %`);
  return new ByteWriter().u8(f.level, 'level').toBytes();
}

/** Registry entry for 0x2A19. */
export const batteryLevelCodec = defineCodec<BatteryLevelFields>('2A19', NAME, decodeBatteryLevel, encodeBatteryLevel);
