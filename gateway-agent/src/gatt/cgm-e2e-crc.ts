import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';
import { crcCcittLsbFirst } from './crc.ts';

/**
 * Reads the optional E2E-CRC that ends CGM Measurement records, CGM Status and CGM Session
 * Start Time (CGMS v1.0.2): present exactly when the CGM Feature has
 * "E2E-CRC supported" (bit 12). It covers every byte of the value (or record) before it.
 *
 * @param r - positioned at the CRC (or at the end when there is none)
 * @param covered - the bytes the CRC protects
 * @param supported - what the CGM Feature says; undefined = unknown, so a CRC is expected iff bytes remain
 * @returns whether a (valid) CRC was present
 * @throws GattDecodeError `CRC_MISSING`, `CRC_UNEXPECTED`, `CRC_MISMATCH` or `TRUNCATED`
 */
export function readOptionalE2eCrc(r: ByteReader, covered: Uint8Array, supported: boolean | undefined): boolean {
  const at = r.offset;
  if (r.remaining === 0) {
    if (supported === true) r.fail('CRC_MISSING', 'E2E-CRC is supported (CGM Feature) but absent');
    return false;
  }
  if (supported === false) r.fail('CRC_UNEXPECTED', 'E2E-CRC is not supported (CGM Feature) but bytes follow');
  const sent = r.u16('E2E-CRC');
  const computed = crcCcittLsbFirst(covered);
  if (sent !== computed) r.fail('CRC_MISMATCH', `E2E-CRC 0x${sent.toString(16)} does not match 0x${computed.toString(16)}`, at);
  return true;
}

/** Appends the E2E-CRC of everything written so far. */
export function appendE2eCrc(w: ByteWriter): ByteWriter {
  return w.u16(crcCcittLsbFirst(w.toBytes()), 'E2E-CRC');
}
