/**
 * The E2E-CRC of the CGM Service (CGMS v1.0.1 §3.11 "CRC Calculation"): CRC-CCITT, generator
 * polynomial D^16 + D^12 + D^5 + 1 (0x1021), seed 0xFFFF, data processed least significant bit
 * first, no final XOR. Processing LSB-first is the bit-reversed form of the polynomial, 0x8408
 * (the same parameters are catalogued as CRC-16/MCRF4XX). The result is sent LSO first like
 * any uint16.
 *
 * @param bytes - the data the CRC covers (every field before the E2E-CRC field)
 * @returns the 16-bit CRC
 * @example crcCcittLsbFirst(new TextEncoder().encode('123456789')) === 0x6f91
 */
export function crcCcittLsbFirst(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}
