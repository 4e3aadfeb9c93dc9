import dbus from 'dbus-next';
import type { MessageBus } from 'dbus-next';

const BLUEZ = 'org.bluez';
const PROPERTIES = 'org.freedesktop.DBus.Properties';
const DEVICE = 'org.bluez.Device1';
const AGENT_MANAGER = 'org.bluez.AgentManager1';

/**
 * Direct BlueZ calls for what node-ble 1.13 does not expose: a device's advertised UUIDs,
 * Device1.Trusted and AgentManager1. Plain method calls on our own connection: no proxy objects,
 * so no signal subscriptions to leak (see docs/ble.md, "D-Bus match rules").
 */
export interface BluezClient {
  /** Device1 properties as plain values (variants unwrapped). */
  deviceProperties(path: string): Promise<Record<string, unknown>>;
  setTrusted(path: string, trusted: boolean): Promise<void>;
  registerAgent(agentPath: string, capability: string): Promise<void>;
  requestDefaultAgent(agentPath: string): Promise<void>;
  unregisterAgent(agentPath: string): Promise<void>;
}

/** @param bus - a connection to the bus bluetoothd is on (the system bus) */
export function createBluezClient(bus: MessageBus): BluezClient {
  const call = async (path: string, iface: string, member: string, signature: string, body: unknown[]): Promise<unknown[]> => {
    const reply = await bus.call(new dbus.Message({ destination: BLUEZ, path, interface: iface, member, signature, body }));
    return reply?.body ?? [];
  };
  const agentManager = (member: string, signature: string, ...body: unknown[]): Promise<void> =>
    call('/org/bluez', AGENT_MANAGER, member, signature, body).then(() => undefined);
  return {
    async deviceProperties(path) {
      const [props] = (await call(path, PROPERTIES, 'GetAll', 's', [DEVICE])) as [Record<string, { value: unknown }>];
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.value]));
    },
    async setTrusted(path, trusted) {
      await call(path, PROPERTIES, 'Set', 'ssv', [DEVICE, 'Trusted', new dbus.Variant('b', trusted)]);
    },
    registerAgent: (agentPath, capability) => agentManager('RegisterAgent', 'os', agentPath, capability),
    requestDefaultAgent: (agentPath) => agentManager('RequestDefaultAgent', 'o', agentPath),
    unregisterAgent: (agentPath) => agentManager('UnregisterAgent', 'o', agentPath),
  };
}
