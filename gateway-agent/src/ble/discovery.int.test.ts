import { beforeAll, describe, expect, it } from 'vitest';
import { batteryService, bloodPressureCuff, glucoseMeter, nextEvent, useMockBluez, withTransport } from './mock-bluez/index.ts';

const METER = 'C0:55:00:00:00:01';
const CUFF = 'C0:55:00:00:00:02';
const BAND = 'C0:55:00:00:00:03';

describe('discovery over a mock BlueZ', () => {
  const bed = useMockBluez();
  beforeAll(() => {
    bed.mock.addDevice(glucoseMeter({ address: METER, records: 1 }).spec);
    bed.mock.addDevice(bloodPressureCuff({ address: CUFF }).spec);
    // Advertises only Battery: not a health device.
    bed.mock.addDevice({ address: BAND, name: 'Fitness Band', services: [batteryService(90)] });
  });

  it('connects the devices that advertise a supported health service', async () => {
    await withTransport({}, async (ble) => {
      const done = nextEvent(ble, 'transfer-complete');
      const found = await ble.scan();
      expect(found.map((d) => d.address).sort()).toEqual([METER, CUFF]);
      expect(found.find((d) => d.address === METER)).toMatchObject({ name: 'Glucose Meter', services: ['1808'], rssi: -60 });
      expect(bed.mock.adapter.adapter1.get('Discovering')).toBe(false);
      expect(await done).toMatchObject({ deviceId: METER });
      expect(bed.mock.device(BAND).calls).toEqual([]);
    });
  });

  it('with an allow-list, connects only the listed addresses, whatever they advertise', async () => {
    await withTransport({ allowList: [CUFF.toLowerCase(), BAND] }, async (ble) => {
      const band = nextEvent(ble, 'connected', (c) => c.deviceId === BAND);
      await ble.start();
      const found = await ble.scan();
      expect(found.map((d) => d.address).sort()).toEqual([CUFF, BAND]);
      expect(await band).toEqual({ deviceId: BAND, name: 'Fitness Band' });
    });
  });
});
