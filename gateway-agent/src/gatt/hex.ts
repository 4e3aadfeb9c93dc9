/**
 * Parses hex bytes as people paste them: `1E 79 00`, `1e:79:00`, `1E7900`, `0x1E7900`.
 * @throws RangeError for a non-hex character or an odd number of digits
 */
export function parseHex(text: string): Uint8Array {
  const digits = text.trim().replace(/^0x/i, '').replace(/[\s:,-]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(digits)) throw new RangeError(`not hex: ${JSON.stringify(text)}`);
  if (digits.length % 2 !== 0) throw new RangeError(`odd number of hex digits (${digits.length})`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Upper-case hex with a space between bytes, e.g. `1E 79 00`. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}
