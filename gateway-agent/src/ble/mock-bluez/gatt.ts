import { fullUuid, shortUuid } from '../uuid.ts';
import { bluezError, MockInterface } from './dbus-object.ts';

/** BlueZ's characteristic flag strings (GattCharacteristic1.Flags). */
export type CharFlag = 'read' | 'write' | 'write-without-response' | 'notify' | 'indicate';

/** What a scenario hook may do to the device it belongs to. */
export interface DeviceHandle {
  readonly address: string;
  /** Send a notification/indication; false when the client has not subscribed. */
  notify(charUuid: string, value: Buffer): boolean;
  /** Device-initiated disconnect. */
  disconnect(): void;
}

export interface MockCharacteristicSpec {
  /** 16-bit (`2A18`) or 128-bit UUID. */
  uuid: string;
  flags: CharFlag[];
  value?: Buffer;
  /** Produces the value for each ReadValue (e.g. a clock); defaults to the stored value. */
  onRead?: (device: DeviceHandle) => Buffer;
  /** Called just after the write has been acknowledged (so it may notify in response). */
  onWrite?: (value: Buffer, device: DeviceHandle) => void;
  /** Called once the client's StartNotify has been answered. */
  onSubscribe?: (device: DeviceHandle) => void;
}

export interface MockServiceSpec {
  uuid: string;
  characteristics: MockCharacteristicSpec[];
}

/** Checks a GATT operation may run now (connected, bonded where the device wants it). */
export type AccessCheck = (service: string) => void;

/** One characteristic object: `.../serviceXXXX/charYYYY` with GattCharacteristic1. */
export class MockCharacteristic {
  readonly iface: MockInterface;
  /** Every value written, in order, for assertions. */
  readonly writes: Buffer[] = [];

  constructor(
    readonly path: string,
    readonly servicePath: string,
    readonly serviceUuid: string,
    readonly spec: MockCharacteristicSpec,
    device: DeviceHandle,
    check: AccessCheck,
  ) {
    const flags = spec.flags;
    const guard = (allowed: boolean, what: string): void => {
      check(serviceUuid);
      if (!allowed) throw bluezError('NotPermitted', `${what} not permitted`);
    };
    this.iface = new MockInterface('org.bluez.GattCharacteristic1', {
      props: {
        UUID: { signature: 's', value: fullUuid(spec.uuid) },
        Service: { signature: 'o', value: servicePath },
        Value: { signature: 'ay', value: spec.value ?? Buffer.alloc(0) },
        Notifying: { signature: 'b', value: false },
        Flags: { signature: 'as', value: flags },
      },
      methods: {
        ReadValue: {
          in: 'a{sv}',
          out: 'ay',
          fn: () => {
            guard(flags.includes('read'), 'Read');
            const value = spec.onRead?.(device) ?? (this.iface.get('Value') as Buffer);
            // BlueZ caches what it read in Value and signals the change.
            this.iface.set({ Value: value });
            return value;
          },
        },
        WriteValue: {
          in: 'aya{sv}',
          fn: (bytes: Buffer | number[]) => {
            guard(flags.includes('write') || flags.includes('write-without-response'), 'Write');
            const value = Buffer.from(bytes);
            this.writes.push(value);
            // Run the hook after the reply is on its way: a device acknowledges the ATT write first.
            if (spec.onWrite) setImmediate(() => spec.onWrite!(value, device));
          },
        },
        StartNotify: {
          fn: () => {
            guard(flags.includes('notify') || flags.includes('indicate'), 'Notify');
            if (!this.notifying) {
              this.iface.set({ Notifying: true });
              if (spec.onSubscribe) setImmediate(() => spec.onSubscribe!(device));
            }
          },
        },
        StopNotify: {
          fn: () => {
            if (this.notifying) this.iface.set({ Notifying: false });
          },
        },
      },
    });
  }

  get uuid(): string {
    return shortUuid(this.spec.uuid);
  }

  get notifying(): boolean {
    return this.iface.get('Notifying') === true;
  }

  /** Emit a Value change: on D-Bus, notifications and indications look the same. */
  notify(value: Buffer): boolean {
    if (!this.notifying) return false;
    this.iface.set({ Value: value });
    return true;
  }

  /** After a disconnect the client must subscribe again. */
  reset(): void {
    if (this.notifying) this.iface.set({ Notifying: false });
  }
}

/** One primary service object (GattService1) and its characteristics. */
export class MockService {
  readonly iface: MockInterface;
  readonly characteristics: MockCharacteristic[];

  constructor(
    readonly path: string,
    devicePath: string,
    readonly spec: MockServiceSpec,
    firstHandle: number,
    device: DeviceHandle,
    check: AccessCheck,
  ) {
    const uuid = shortUuid(spec.uuid);
    this.iface = new MockInterface('org.bluez.GattService1', {
      props: {
        UUID: { signature: 's', value: fullUuid(spec.uuid) },
        Primary: { signature: 'b', value: true },
        Device: { signature: 'o', value: devicePath },
      },
    });
    this.characteristics = spec.characteristics.map(
      (c, i) => new MockCharacteristic(`${path}/char${hex4(firstHandle + 1 + i * 2)}`, path, uuid, c, device, check),
    );
  }

  get uuid(): string {
    return shortUuid(this.spec.uuid);
  }
}

/** BlueZ names GATT objects after their ATT handle, four lower-case hex digits. */
export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
