import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { batteryService, collect, nextEvent, useMockBluez, withTransport } from './mock-bluez/index.ts';

/**
 * dbus-next 0.10 sends AddMatch for every signal subscription and never RemoveMatch, so one
 * node-ble instance collects a few match rules per connection until the bus refuses more (512
 * per connection on a system bus: about 170 reconnections of this strap, 3 rules each). The
 * transport gives each connection its own instance; this bus allows only 40 rules so the test
 * fails fast if that ever stops being true. The refusal shows up only as an 'error' event on node-ble's
 * connection (which would crash a process that does not listen; the transport logs it), so the
 * test watches the log.
 */
describe('many reconnections on one transport', () => {
  const bed = useMockBluez({ maxMatchRulesPerConnection: 40 });

  it('never runs out of D-Bus match rules', async () => {
    const address = 'C0:66:00:00:00:01';
    // A heart-rate strap that sends one value and drops the link straight away, every time.
    bed.mock.addDevice({
      address,
      name: 'HR Strap',
      services: [
        batteryService(70),
        {
          uuid: '180D',
          characteristics: [
            {
              uuid: '2A37',
              flags: ['notify'],
              onSubscribe: (device) => {
                device.notify('2A37', Buffer.from([0x00, 72]));
                device.disconnect();
              },
            },
          ],
        },
      ],
    });
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
    await withTransport({ logger, backoff: { initialMs: 1, jitter: 0 } }, async (ble) => {
      const errors = collect(ble, 'error');
      const frames = collect(ble, 'frame');
      const thirtieth = nextEvent(ble, 'connected', () => frames.length >= 30, 15_000);
      ble.watch(address);
      await thirtieth;
      expect(errors).toEqual([]);
      expect(logged).toEqual([]);
    });
  });
});
