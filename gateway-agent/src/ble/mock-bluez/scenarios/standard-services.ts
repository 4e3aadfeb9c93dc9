import type { Clock } from '../../../../../common/src/clock.ts';
import type { DeviceInformationStrings } from '../../events.ts';
import { DEVICE_INFORMATION } from '../../profiles.ts';
import type { MockDeviceSpec, MockPairing } from '../device.ts';
import type { MockServiceSpec } from '../gatt.ts';

/** Device Information service 180A; each given string becomes a readable characteristic. */
export function deviceInformationService(info: DeviceInformationStrings): MockServiceSpec {
  return {
    uuid: DEVICE_INFORMATION.service,
    characteristics: Object.entries(info).map(([field, text]) => ({
      uuid: DEVICE_INFORMATION.strings[field as keyof DeviceInformationStrings],
      flags: ['read'],
      value: Buffer.from(String(text), 'utf8'),
    })),
  };
}

/** Battery service 180F: Battery Level 2A19, read and notify (send changes with `mock.notify`). */
export function batteryService(level: number): MockServiceSpec {
  return { uuid: '180F', characteristics: [{ uuid: '2A19', flags: ['read', 'notify'], value: Buffer.from([level]) }] };
}

export interface DeviceClockOptions {
  /** The "real" time; the device clock runs `skewMs` off it. */
  clock: Clock;
  /** How far the device clock is ahead (negative: behind). */
  skewMs: number;
  /** The device shows local time: UTC plus this offset (e.g. 3_600_000 for CET in winter). */
  zoneOffsetMs?: number;
}

/** A device clock behind Current Time 2A2B (read + write), recording what the gateway writes. */
export class DeviceClock {
  /** Exact Time 256 values written by the client, in order. */
  readonly writes: Buffer[] = [];
  #skewMs: number;

  constructor(private readonly opts: DeviceClockOptions) {
    this.#skewMs = opts.skewMs;
  }

  /** The device's wall-clock time now, as a Date whose UTC fields are the local fields. */
  get wallTime(): Date {
    return new Date(this.opts.clock.now().getTime() + (this.opts.zoneOffsetMs ?? 0) + this.#skewMs);
  }

  /** The last written time, decoded the same way (UTC fields = wall-clock fields). */
  get lastWritten(): Date | undefined {
    const b = this.writes.at(-1);
    return b && decodeExactTime(b);
  }

  service(): MockServiceSpec {
    return {
      uuid: '1805',
      characteristics: [
        {
          uuid: '2A2B',
          flags: ['read', 'write', 'notify'],
          onRead: () => encodeExactTime(this.wallTime),
          onWrite: (value) => {
            this.writes.push(value);
            // From now on the device keeps the time it was given.
            this.#skewMs = decodeExactTime(value).getTime() - (this.opts.clock.now().getTime() + (this.opts.zoneOffsetMs ?? 0));
          },
        },
      ],
    };
  }
}

/**
 * Exact Time 256 (Current Time 2A2B) from a Date's UTC fields; written here independently of the
 * transport's encoder so the tests compare two implementations.
 */
export function encodeExactTime(wall: Date): Buffer {
  const b = Buffer.alloc(10);
  b.writeUInt16LE(wall.getUTCFullYear(), 0);
  b.set([wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()], 2);
  b[7] = ((wall.getUTCDay() + 6) % 7) + 1;
  b[8] = Math.floor((wall.getUTCMilliseconds() / 1000) * 256);
  b[9] = 0;
  return b;
}

/** The inverse of {@link encodeExactTime} (day of week and adjust reason ignored). */
export function decodeExactTime(b: Buffer): Date {
  const ms = Math.round((b[8]! / 256) * 1000);
  return new Date(Date.UTC(b.readUInt16LE(0), b[2]! - 1, b[3]!, b[4]!, b[5]!, b[6]!, ms));
}

/** What every scenario device can be given. */
export interface HealthDeviceOptions {
  address: string;
  name?: string;
  pairing?: MockPairing;
  /** Adds Current Time 1805 backed by this clock. */
  clock?: DeviceClock;
  battery?: number;
}

/**
 * A health device as sold: Device Information, Battery, optionally Current Time, and its one
 * measurement service, which is also all it advertises.
 */
export function healthDevice(
  opts: HealthDeviceOptions,
  defaults: { name: string; battery: number; info: DeviceInformationStrings },
  measurement: MockServiceSpec,
): MockDeviceSpec {
  return {
    address: opts.address,
    name: opts.name ?? defaults.name,
    ...(opts.pairing ? { pairing: opts.pairing } : {}),
    advertised: [measurement.uuid],
    services: [
      deviceInformationService(defaults.info),
      batteryService(opts.battery ?? defaults.battery),
      ...(opts.clock ? [opts.clock.service()] : []),
      measurement,
    ],
  };
}
