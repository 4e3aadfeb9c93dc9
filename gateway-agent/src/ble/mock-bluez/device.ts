import { devicePath, fullUuid, normaliseAddress, shortUuid } from '../uuid.ts';
import { bluezError, MockInterface, type ObjectTree } from './dbus-object.ts';
import { hex4, MockService, type DeviceHandle, type MockCharacteristic, type MockServiceSpec } from './gatt.ts';

/** How the device authenticates: passkey entry (the device "displays" it) or numeric comparison. */
export interface MockPairing {
  passkey: number;
  method?: 'entry' | 'comparison';
}

export interface MockDeviceSpec {
  address: string;
  name?: string;
  rssi?: number;
  services: MockServiceSpec[];
  /** Service UUIDs in the advertisement (Device1.UUIDs); defaults to every service's UUID. */
  advertised?: string[];
  /** When set, Pair asks the agent and GATT access outside GAP/DIS needs a bond first. */
  pairing?: MockPairing;
  /** False makes Connect fail as an out-of-range device does. Default true. */
  reachable?: boolean;
}

/** A registered org.bluez.Agent1: who to call and where. */
export interface AgentRef {
  sender: string;
  path: string;
}

/** What a device needs from the adapter to pair. */
export interface AgentDirectory {
  /** The caller's own agent if it registered one, else the default agent (BlueZ's rule). */
  agentFor(sender: string): AgentRef | undefined;
  call(agent: AgentRef, member: string, signature: string, body: unknown[]): Promise<unknown[]>;
}

/** Services readable without a bond, as on real meters (GAP, GATT, Device Information). */
const OPEN_SERVICES = new Set(['1800', '1801', '180A']);

/** A BLE peripheral as BlueZ shows it: Device1, plus its GATT objects while connected. */
export class MockDevice implements DeviceHandle {
  readonly address: string;
  readonly path: string;
  readonly device1: MockInterface;
  readonly services: MockService[];
  /** Device1 method names in call order (Connect, Pair, Disconnect), for assertions. */
  readonly calls: string[] = [];
  reachable: boolean;

  constructor(
    private readonly tree: ObjectTree,
    adapter: string,
    readonly spec: MockDeviceSpec,
    agents: AgentDirectory,
  ) {
    this.address = normaliseAddress(spec.address);
    this.path = devicePath(adapter, this.address);
    this.reachable = spec.reachable ?? true;
    const check = (service: string): void => {
      if (spec.pairing && !this.paired && !OPEN_SERVICES.has(service)) {
        throw bluezError('NotPermitted', 'Insufficient Authentication (ATT error 0x05)');
      }
    };
    this.services = spec.services.map((s, i) => {
      const handle = 0x000a + i * 0x20;
      return new MockService(`${this.path}/service${hex4(handle)}`, this.path, s, handle, this, check);
    });
    this.device1 = new MockInterface('org.bluez.Device1', {
      props: {
        Address: { signature: 's', value: this.address },
        AddressType: { signature: 's', value: 'public' },
        Name: { signature: 's', value: spec.name ?? this.address },
        Alias: { signature: 's', value: spec.name ?? this.address },
        RSSI: { signature: 'n', value: spec.rssi ?? -60 },
        UUIDs: { signature: 'as', value: (spec.advertised ?? spec.services.map((s) => s.uuid)).map(fullUuid) },
        Adapter: { signature: 'o', value: `/org/bluez/${adapter}` },
        Connected: { signature: 'b', value: false },
        ServicesResolved: { signature: 'b', value: false },
        Paired: { signature: 'b', value: false },
        Bonded: { signature: 'b', value: false },
        Trusted: { signature: 'b', value: false, access: 'readwrite' },
        Blocked: { signature: 'b', value: false, access: 'readwrite' },
        LegacyPairing: { signature: 'b', value: false },
      },
      methods: {
        Connect: { fn: () => this.#connect() },
        Disconnect: { fn: () => this.#record('Disconnect', () => this.#drop()) },
        Pair: { fn: () => this.#pair(tree.sender, agents) },
        CancelPair: { fn: () => this.#record('CancelPair', () => undefined) },
      },
    });
    tree.add(this.path, [this.device1]);
  }

  get connected(): boolean {
    return this.device1.get('Connected') === true;
  }

  get paired(): boolean {
    return this.device1.get('Paired') === true;
  }

  get trusted(): boolean {
    return this.device1.get('Trusted') === true;
  }

  /** The characteristic with this UUID, whichever service holds it. */
  characteristic(uuid: string): MockCharacteristic {
    const want = shortUuid(uuid);
    for (const s of this.services) {
      const c = s.characteristics.find((x) => x.uuid === want);
      if (c) return c;
    }
    throw new Error(`mock device ${this.address} has no characteristic ${want}`);
  }

  notify(charUuid: string, value: Buffer): boolean {
    return this.characteristic(charUuid).notify(value);
  }

  /** Device-initiated disconnect (link loss, or a meter ending the session). */
  disconnect(): void {
    this.#drop();
  }

  /** Take the device off the bus (Adapter1.RemoveDevice). */
  remove(): void {
    this.#drop();
    this.tree.remove(this.path);
  }

  #record<T>(call: string, fn: () => T): T {
    this.calls.push(call);
    return fn();
  }

  async #connect(): Promise<void> {
    this.calls.push('Connect');
    if (!this.reachable) {
      // A real controller gives up after its page/connection timeout; a few ms keep tests fast.
      await new Promise((r) => setTimeout(r, 5));
      throw bluezError('Failed', 'le-connection-abort-by-local');
    }
    if (this.connected) return;
    this.device1.set({ Connected: true });
    for (const s of this.services) {
      this.tree.add(s.path, [s.iface]);
      for (const c of s.characteristics) this.tree.add(c.path, [c.iface]);
    }
    // BlueZ resolves services after the connection is up; clients wait for this change.
    setImmediate(() => {
      if (this.connected) this.device1.set({ ServicesResolved: true });
    });
  }

  #drop(): void {
    if (!this.connected) return;
    for (const s of this.services) {
      for (const c of s.characteristics) {
        c.reset();
        this.tree.remove(c.path);
      }
      this.tree.remove(s.path);
    }
    this.device1.set({ ServicesResolved: false });
    this.device1.set({ Connected: false });
  }

  async #pair(sender: string, agents: AgentDirectory): Promise<void> {
    this.calls.push('Pair');
    if (this.paired) throw bluezError('AlreadyExists', 'Already Paired');
    if (!this.reachable) throw bluezError('ConnectionAttemptFailed', 'Page Timeout');
    const pairing = this.spec.pairing;
    if (pairing) await this.#authenticate(pairing, agents.agentFor(sender), agents);
    this.device1.set({ Paired: true, Bonded: true });
  }

  async #authenticate(pairing: MockPairing, agent: AgentRef | undefined, agents: AgentDirectory): Promise<void> {
    // Without an agent BlueZ pairs as NoInputNoOutput, which a passkey device refuses.
    if (!agent) throw bluezError('AuthenticationFailed', 'Authentication Failed (no agent)');
    if ((pairing.method ?? 'entry') === 'entry') {
      const reply = await agents.call(agent, 'RequestPasskey', 'o', [this.path]).catch(() => undefined);
      if (reply?.[0] !== pairing.passkey) throw bluezError('AuthenticationFailed', 'Authentication Failed');
      return;
    }
    try {
      await agents.call(agent, 'RequestConfirmation', 'ou', [this.path, pairing.passkey]);
    } catch {
      throw bluezError('AuthenticationRejected', 'Authentication Rejected');
    }
  }
}
