/** The Bluetooth SIG base UUID: a 16-bit UUID `xxxx` stands for `0000xxxx-0000-1000-8000-00805f9b34fb`. */
const SIG_BASE = /^0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb$/;

/**
 * The full 128-bit form BlueZ uses in `UUID`/`UUIDs` properties (lower case).
 * @param uuid - a 16-bit UUID such as `2A18`, or a full one (returned lower-cased)
 */
export function fullUuid(uuid: string): string {
  const u = uuid.toLowerCase();
  if (/^[0-9a-f]{4}$/.test(u)) return `0000${u}-0000-1000-8000-00805f9b34fb`;
  return u;
}

/**
 * The 16-bit form (`2A18`, upper case) of a SIG UUID; any other UUID comes back whole, upper-cased,
 * so callers can still compare it.
 */
export function shortUuid(uuid: string): string {
  const m = SIG_BASE.exec(uuid.toLowerCase());
  return (m ? m[1]! : uuid).toUpperCase();
}

/** Normalise a BLE address to BlueZ's form `AA:BB:CC:DD:EE:FF`. */
export function normaliseAddress(address: string): string {
  return address.trim().toUpperCase().replace(/-/g, ':');
}

/**
 * The D-Bus object path BlueZ gives a device on an adapter.
 * @example devicePath('hci0', 'aa:bb:cc:dd:ee:ff') === '/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF'
 */
export function devicePath(adapter: string, address: string): string {
  return `/org/bluez/${adapter}/dev_${normaliseAddress(address).replace(/:/g, '_')}`;
}
