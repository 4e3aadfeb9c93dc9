import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { bloodPressureCuff, collect, DeviceClock, glucoseMeter, nextEvent, useMockBluez, withTransport } from './mock-bluez/index.ts';

describe('blood pressure cuff, device information, battery and clock over a mock BlueZ', () => {
  const bed = useMockBluez();

  it('receives the cuff measurement by indication, and reads its feature', async () => {
    const address = 'C0:33:00:00:00:01';
    const cuff = bloodPressureCuff({ address });
    bed.mock.addDevice(cuff.spec);
    await withTransport({}, async (ble) => {
      const frames = collect(ble, 'frame');
      const measurement = nextEvent(ble, 'frame', (f) => f.characteristic === '2A35');
      ble.watch(address);
      expect(await measurement).toMatchObject({ deviceId: address, service: '1810', characteristic: '2A35', value: cuff.measurement });
      expect(frames.map((f) => f.characteristic)).toEqual(['2A49', '2A35']);
      expect(bed.mock.device(address).characteristic('2A35').notifying).toBe(true);
    });
  });

  it('reads Device Information and the battery level, and follows battery notifications', async () => {
    const address = 'C0:33:00:00:00:02';
    bed.mock.addDevice(bloodPressureCuff({ address, battery: 55 }).spec);
    await withTransport({}, async (ble) => {
      const levels = collect(ble, 'battery');
      const info = nextEvent(ble, 'device-info');
      const subscribed = nextEvent(ble, 'frame', (f) => f.characteristic === '2A35');
      ble.watch(address);
      expect(await info).toEqual({ deviceId: address, name: 'BP Cuff', manufacturer: 'Acme Medical', model: 'BP-200', serial: 'BP200-0042' });
      await subscribed;
      const next = nextEvent(ble, 'battery', (b) => b.level === 54);
      expect(bed.mock.notify(address, '2A19', Buffer.from([54]))).toBe(true);
      await next;
      expect(levels.map((b) => b.level)).toEqual([55, 54]);
      expect(levels[0]!.receivedAt).toBeInstanceOf(Date);
    });
  });

  it('measures the clock skew in the home time zone, then writes the gateway time', async () => {
    const address = 'C0:33:00:00:00:03';
    // January in Berlin is UTC+1; the meter runs 93.5 s fast.
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 22, 59, 30, 250));
    const deviceClock = new DeviceClock({ clock, skewMs: 93_500, zoneOffsetMs: 3_600_000 });
    bed.mock.addDevice(glucoseMeter({ address, records: 1, clock: deviceClock }).spec);
    await withTransport({ clock, timeZone: 'Europe/Berlin' }, async (ble) => {
      const order = collect(ble, 'frame');
      const skew = nextEvent(ble, 'clock-skew');
      const done = nextEvent(ble, 'transfer-complete');
      ble.watch(address);
      const event = await skew;
      // Fractions256 limits the device time to 1/256 s.
      expect(Math.abs(event.skewMs - 93_500)).toBeLessThanOrEqual(4);
      expect(event).toMatchObject({ deviceId: address, deviceTime: '2026-01-16T00:01:03', gatewayTime: clock.now(), timeWritten: true });
      expect(order).toEqual([]); // the skew is known before any frame
      await done;
      // Written: the gateway's Berlin wall-clock time, so the device now runs on time.
      expect(deviceClock.lastWritten?.toISOString()).toMatch(/^2026-01-15T23:59:30\.2/);
      expect(Math.abs(deviceClock.wallTime.getTime() - (clock.now().getTime() + 3_600_000))).toBeLessThanOrEqual(4);
      expect(deviceClock.writes[0]).toHaveLength(10);
      expect(deviceClock.writes[0]![7]).toBe(4); // Thursday
    });
  });
});
