import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { ReadingsBatch } from '../../../common/src/wire/readings.ts';
import { createMemoryBuffer } from '../outbox/memory-buffer.ts';
import { framesBetween } from '../simulator/simulated-home.ts';
import { createAgent } from './agent.ts';

const devices = [
  { key: 'GM-1', type: 'glucose_meter' },
  { key: 'CGM-1', type: 'cgm' },
  { key: 'BP-1', type: 'bp_cuff' },
  { key: 'SC-1', type: 'scale' },
  { key: 'OX-1', type: 'pulse_oximeter' },
];

describe('gateway agent with simulated devices', () => {
  it('turns a simulated month of real GATT frames into valid, unique wire readings in seconds', async () => {
    const tz = 'America/New_York';
    const from = Date.UTC(2026, 2, 1); // spans the 2026-03-08 DST change
    const to = from + 30 * 86_400_000;
    const outbox = createMemoryBuffer({ maxReadings: 1_000_000 });
    const agent = createAgent({ outbox, clock: new ManualClock(from), logger: silentLogger(), timeZone: tz });
    for (const f of framesBetween(devices, { timeZone: tz, seed: 7 }, from, to)) await agent.ingest(f);
    const entries = await outbox.peek(1_000_000);
    const readings = entries.map((e) => e.reading);
    const byChar = (c: string) => readings.filter((r) => r.characteristic === c).length;
    expect(byChar('2AA7')).toBe(30 * 288);
    expect(byChar('2A18')).toBe(30 * 4);
    expect(byChar('2A35')).toBe(30 * 2);
    expect(byChar('2A9D')).toBe(30);
    expect(byChar('2A5E')).toBe(30);
    expect(new Set(readings.map((r) => r.id)).size).toBe(readings.length);
    // every reading is valid on the wire, its instant matches when the device produced it
    expect(ReadingsBatch.safeParse({ v: 1, gatewayId: 'gw-1', sentAt: new Date(to).toISOString(), readings: readings.slice(0, 500) }).success).toBe(true);
    const bp = readings.find((r) => r.characteristic === '2A35')!;
    expect(bp.values.map((v) => v.metric).sort()).toEqual(['diastolic', 'heart_rate', 'mean_arterial', 'systolic']);
    const cgmTimes = readings.filter((r) => r.characteristic === '2AA7').map((r) => Date.parse(r.measuredAt));
    expect(cgmTimes[0]).toBe(from);
    expect(cgmTimes.every((t, i) => i === 0 || t - cgmTimes[i - 1]! === 300_000)).toBe(true);
    const meter = readings.find((r) => r.characteristic === '2A18')!;
    expect(meter.values[0]).toMatchObject({ metric: 'glucose', unit: 'mg/dL', originalUnit: expect.any(String) });
  });

  it('reports a malformed frame and keeps going', async () => {
    const outbox = createMemoryBuffer({});
    const events: unknown[] = [];
    const agent = createAgent({ outbox, clock: new ManualClock(0), logger: silentLogger(), timeZone: 'UTC', publishEvent: async (e) => void events.push(e) });
    expect(await agent.ingest({ deviceKey: 'BP-1', characteristic: '2A35', value: new Uint8Array([0x1e, 0x79]), receivedAt: new Date() })).toBe(0);
    expect(events).toHaveLength(1);
    expect(agent.stats().decodeErrors).toBe(1);
  });
});
