import { describe, expect, it } from 'vitest';
import { crcCcittLsbFirst } from './crc.ts';

describe('crcCcittLsbFirst (CGMS E2E-CRC)', () => {
  it('matches the CGMS v1.0.1 §3.11 example: 3E 01 02 03 04 05 06 07 08 09 → 0x2F01 (sent 01 2F)', () => {
    // The CGMS PDF prints the CRC octets in transmission order (0x012F); as a uint16 it is 0x2F01.
    expect(crcCcittLsbFirst(Uint8Array.from([0x3e, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe(0x2f01);
  });

  it('matches the catalogue check value of CRC-16/MCRF4XX ("123456789" → 0x6F91)', () => {
    expect(crcCcittLsbFirst(new TextEncoder().encode('123456789'))).toBe(0x6f91);
  });

  it('is the seed 0xFFFF for no data', () => {
    expect(crcCcittLsbFirst(new Uint8Array())).toBe(0xffff);
  });
});
