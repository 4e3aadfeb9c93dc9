import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Watch an MQTT byte stream and destroy the connection as soon as a packet header announces a
 * remaining length above `maxBytes`. aedes would otherwise buffer the whole packet (up to the
 * protocol's 256 MB) before any hook could see it. Runs beside aedes' own parser: it reads the
 * same 'data' events and never alters them.
 */
export function guardPacketSize(conn: Socket | Duplex, maxBytes: number, onViolation: (announced: number) => void): void {
  // state: bytes still to skip in the current packet body, or reading a fixed header
  let skip = 0;
  let header: number[] = [];
  conn.on('data', (chunk: Buffer) => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        skip -= n;
        i += n;
        continue;
      }
      header.push(chunk[i++]!);
      // header[0] is the packet type byte; then 1–4 varint bytes of remaining length (MQTT 3.1.1 §2.2.3)
      if (header.length < 2) continue;
      const last = header[header.length - 1]!;
      if (last & 0x80 && header.length < 5) continue;
      let length = 0;
      for (let k = header.length - 1; k >= 1; k--) length = length * 128 + (header[k]! & 0x7f);
      if ((last & 0x80) !== 0 || length > maxBytes) {
        onViolation(length);
        conn.destroy();
        return;
      }
      skip = length;
      header = [];
    }
  });
}
