import { describe, expect, it } from 'vitest';
import { WireReading } from '../../../common/src/wire/readings.ts';
import { directionOf, entryId, entryToReading, isSgv, toEntries, UploadBody, type SgvRow } from './entries.ts';

/** What xDrip+ posts to /api/v1/entries (one of the array's elements). */
const xdrip = { device: 'xDrip-DexcomG6', date: 1780300500000, dateString: '2026-06-01T09:55:00.000+0200', sgv: 143, delta: 2.4, direction: 'Flat', type: 'sgv', filtered: 143000, unfiltered: 143000, rssi: 100, noise: 1, sysTime: '2026-06-01T09:55:00.000+0200' };

describe('Nightscout entries', () => {
  it('parse an array as xDrip+ and Loop send it, and a single object', () => {
    expect(UploadBody.parse([xdrip, { ...xdrip, date: '1780300800000' }])).toHaveLength(2);
    expect(UploadBody.parse(xdrip)).toMatchObject({ sgv: 143 });
    expect(UploadBody.safeParse([{ sgv: 100 }]).success).toBe(false);
  });

  it('become valid wire readings with a deterministic id from device and date', () => {
    const e = UploadBody.parse(xdrip) as typeof xdrip;
    const r = entryToReading(e, 'ns-patient');
    expect(WireReading.parse(r)).toEqual(r);
    expect(r).toMatchObject({ characteristic: '2AA7', measuredAt: '2026-06-01T07:55:00.000Z', deviceTime: '2026-06-01T09:55:00', values: [{ metric: 'glucose', value: 143, unit: 'mg/dL' }] });
    expect(r.context).toEqual({ source: 'nightscout', uploader: 'xDrip-DexcomG6', direction: 'Flat', noise: 1 });
    expect(entryToReading(e, 'ns-patient').id).toBe(r.id);
    expect(entryToReading({ ...e, date: e.date + 1 }, 'ns-patient').id).not.toBe(r.id);
    expect(entryToReading(e, 'ns-other').id).not.toBe(r.id);
  });

  it('keep only sensor glucose', () => {
    expect(isSgv({ date: 1, sgv: 100 })).toBe(true);
    expect(isSgv({ date: 1, type: 'mbg' })).toBe(false);
    expect(isSgv({ date: 1, type: 'cal' })).toBe(false);
  });

  it('come back with delta and a computed direction when none was stored', () => {
    const row = (minAgo: number, value: number, direction: string | null = null): SgvRow => ({ readingId: `0000000${minAgo}-0000-5000-8000-000000000000`.slice(-36), date: 1780300500000 - minAgo * 60_000, value, device: 'Acme FlowSense', direction, noise: null });
    const entries = toEntries([row(0, 120), row(5, 100), row(30, 90, 'SingleDown')]);
    expect(entries[0]).toMatchObject({ sgv: 120, delta: 20, direction: 'DoubleUp', type: 'sgv', date: 1780300500000, dateString: '2026-06-01T07:55:00.000Z', device: 'Acme FlowSense' });
    expect(entries[1]).toMatchObject({ direction: 'NONE' });
    expect(entries[1]!.delta).toBeUndefined();
    expect(entries[2]).toMatchObject({ direction: 'SingleDown' });
    expect(entries[0]!._id).toMatch(/^[0-9a-f]{24}$/);
    expect(entryId('1b4e28ba-2fa1-51d2-883f-0016d3cca427')).toBe('1b4e28ba2fa151d2883f0016');
  });

  it('map rates to Dexcom trend arrows', () => {
    expect([3.5, 2.5, 1.5, 0, -1.5, -2.5, -3.5].map(directionOf)).toEqual(['DoubleUp', 'SingleUp', 'FortyFiveUp', 'Flat', 'FortyFiveDown', 'SingleDown', 'DoubleDown']);
    expect(directionOf(null)).toBe('NONE');
  });
});
