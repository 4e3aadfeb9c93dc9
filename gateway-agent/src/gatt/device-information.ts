import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type GattCodec } from './types.ts';

/** Decoded Device Information string characteristic. */
export interface DeviceInformationStringFields {
  value: string;
}

function decodeUtf8(r: ByteReader): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(r.rest());
  } catch {
    return r.fail('INVALID_VALUE', 'not valid UTF-8', 0);
  }
}

/**
 * Builds the codec of one Device Information Service string (DIS v1.1: UTF-8 with no
 * length prefix, the whole value is the string). Some devices append NUL terminators; they are
 * dropped. Invalid UTF-8 is `INVALID_VALUE`.
 */
function stringCodec(uuid: string, name: string): GattCodec<DeviceInformationStringFields> {
  return defineCodec<DeviceInformationStringFields>(
    uuid,
    name,
    (value) => new ReadingCollector().result(name, { value: decodeUtf8(new ByteReader(value, name)).replace(/\0+$/, '') }),
    (fields) => new ByteWriter().raw(new TextEncoder().encode(fields.value)).toBytes(),
  );
}

/** Manufacturer Name String (0x2A29). */
export const manufacturerNameCodec = stringCodec('2A29', 'manufacturer_name_string');
/** Model Number String (0x2A24). */
export const modelNumberCodec = stringCodec('2A24', 'model_number_string');
/** Serial Number String (0x2A25). */
export const serialNumberCodec = stringCodec('2A25', 'serial_number_string');
/** Hardware Revision String (0x2A27). */
export const hardwareRevisionCodec = stringCodec('2A27', 'hardware_revision_string');
/** Firmware Revision String (0x2A26). */
export const firmwareRevisionCodec = stringCodec('2A26', 'firmware_revision_string');
/** Software Revision String (0x2A28). */
export const softwareRevisionCodec = stringCodec('2A28', 'software_revision_string');
