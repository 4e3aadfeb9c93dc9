import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import { guardPacketSize } from './packet-size-guard.ts';

const publish = (bytes: number) => mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(bytes), qos: 0, dup: false, retain: false });

describe('guardPacketSize', () => {
  it('lets packets within the limit through, however they are split into chunks', () => {
    const s = new PassThrough();
    let violated = false;
    guardPacketSize(s, 1000, () => (violated = true));
    const stream = Buffer.concat([publish(10), publish(900), publish(0), publish(500)]);
    for (let i = 0; i < stream.length; i += 7) s.write(stream.subarray(i, i + 7));
    expect(violated).toBe(false);
    expect(s.destroyed).toBe(false);
  });

  it('destroys the connection when a header announces an oversized packet, before its body arrives', () => {
    const s = new PassThrough();
    let announced = 0;
    guardPacketSize(s, 1000, (n) => (announced = n));
    const big = publish(50_000);
    s.write(big.subarray(0, 4));
    expect(announced).toBeGreaterThan(1000);
    expect(s.destroyed).toBe(true);
  });
});
