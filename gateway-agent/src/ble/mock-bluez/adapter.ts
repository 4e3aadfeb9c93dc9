import dbus from 'dbus-next';
import { normaliseAddress } from '../uuid.ts';
import { bluezError, MockInterface, type ObjectTree } from './dbus-object.ts';
import { MockDevice, type AgentDirectory, type AgentRef, type MockDeviceSpec } from './device.ts';

/**
 * `/org/bluez` (AgentManager1: node-ble's `adapters()` fails without it) and
 * `/org/bluez/<name>` (Adapter1), holding the devices and the registered agents.
 */
export class MockAdapter implements AgentDirectory {
  readonly path: string;
  readonly adapter1: MockInterface;
  readonly agentManager: MockInterface;
  readonly devices = new Map<string, MockDevice>();
  /** Agent1 methods the mock called (RequestPasskey, …), in order, for assertions. */
  readonly agentCalls: string[] = [];
  /** Agents by the unique bus name that registered them (one per client, as in BlueZ). */
  readonly #agents = new Map<string, string>();
  #default: AgentRef | undefined;

  constructor(
    private readonly tree: ObjectTree,
    readonly name: string,
    address: string,
  ) {
    this.path = `/org/bluez/${name}`;
    const discovering = (want: boolean, error: string) => () => {
      if (this.adapter1.get('Discovering') === want) throw bluezError(want ? 'InProgress' : 'Failed', error);
      this.adapter1.set({ Discovering: want });
    };
    this.adapter1 = new MockInterface('org.bluez.Adapter1', {
      props: {
        Address: { signature: 's', value: address },
        AddressType: { signature: 's', value: 'public' },
        Name: { signature: 's', value: 'vitals-mock' },
        Alias: { signature: 's', value: 'vitals-mock' },
        Powered: { signature: 'b', value: true, access: 'readwrite' },
        Pairable: { signature: 'b', value: true, access: 'readwrite' },
        Discovering: { signature: 'b', value: false },
      },
      methods: {
        SetDiscoveryFilter: { in: 'a{sv}', fn: () => undefined },
        StartDiscovery: { fn: discovering(true, 'Operation already in progress') },
        StopDiscovery: { fn: discovering(false, 'No discovery started') },
        RemoveDevice: { in: 'o', fn: (path: string) => this.#removeDevice(path) },
      },
    });
    this.agentManager = new MockInterface('org.bluez.AgentManager1', {
      methods: {
        RegisterAgent: { in: 'os', fn: (path: string) => this.#register(tree.sender, path) },
        RequestDefaultAgent: { in: 'o', fn: (path: string) => this.#makeDefault(tree.sender, path) },
        UnregisterAgent: { in: 'o', fn: (path: string) => this.#unregister(tree.sender, path) },
      },
    });
    tree.add('/org/bluez', [this.agentManager]);
    tree.add(this.path, [this.adapter1]);
  }

  /** The agent BlueZ would use for pairing requests nobody registered their own agent for. */
  get defaultAgent(): AgentRef | undefined {
    return this.#default;
  }

  addDevice(spec: MockDeviceSpec): MockDevice {
    const address = normaliseAddress(spec.address);
    if (this.devices.has(address)) throw new Error(`mock device ${address} already exists`);
    const device = new MockDevice(this.tree, this.name, spec, this);
    this.devices.set(address, device);
    return device;
  }

  agentFor(sender: string): AgentRef | undefined {
    const own = this.#agents.get(sender);
    return own ? { sender, path: own } : this.#default;
  }

  async call(agent: AgentRef, member: string, signature: string, body: unknown[]): Promise<unknown[]> {
    this.agentCalls.push(member);
    const msg = new dbus.Message({ destination: agent.sender, path: agent.path, interface: 'org.bluez.Agent1', member, signature, body });
    const reply = await this.tree.bus.call(msg);
    return reply?.body ?? [];
  }

  #register(sender: string, path: string): void {
    if (this.#agents.has(sender)) throw bluezError('AlreadyExists', 'Already Exists');
    this.#agents.set(sender, path);
  }

  #makeDefault(sender: string, path: string): void {
    if (this.#agents.get(sender) !== path) throw bluezError('DoesNotExist', 'Does Not Exist');
    this.#default = { sender, path };
  }

  #unregister(sender: string, path: string): void {
    if (this.#agents.get(sender) !== path) throw bluezError('DoesNotExist', 'Does Not Exist');
    this.#agents.delete(sender);
    if (this.#default?.sender === sender) this.#default = undefined;
  }

  #removeDevice(path: string): void {
    const device = [...this.devices.values()].find((d) => d.path === path);
    if (!device) throw bluezError('DoesNotExist', 'Does Not Exist');
    device.remove();
    this.devices.delete(device.address);
  }
}
