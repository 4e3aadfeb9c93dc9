import dbus from 'dbus-next';
import type { MessageBus, Variant } from 'dbus-next';

type DbusInterface = InstanceType<typeof dbus.interface.Interface>;

/** One property: its D-Bus signature, its starting value and, for writable ones, a hook. */
export interface PropSpec {
  signature: string;
  value: unknown;
  /** `readwrite` lets a client call Properties.Set (e.g. Device1.Trusted). */
  access?: 'read' | 'readwrite';
}

/** One method: signatures as D-Bus writes them; `fn` may return a promise. */
export interface MethodSpec {
  in?: string;
  out?: string;
  // Arguments arrive unmarshalled by dbus-next; `never[]` lets each method state its own types.
  fn: (...args: never[]) => unknown;
}

export interface InterfaceSpec {
  props?: Record<string, PropSpec>;
  methods?: Record<string, MethodSpec>;
  /** Signal name → signature. Emit with {@link MockInterface.signal}. */
  signals?: Record<string, string>;
}

/**
 * A D-Bus interface whose properties live in a plain record, built without decorators
 * (dbus-next's `configureMembers`). Each instance gets its own subclass, because dbus-next
 * keeps member tables on the prototype.
 */
export class MockInterface {
  readonly iface: DbusInterface;
  readonly #values: Record<string, unknown> = {};
  readonly #signatures: Record<string, string> = {};

  constructor(
    readonly name: string,
    spec: InterfaceSpec,
  ) {
    const Klass = class extends dbus.interface.Interface {};
    const proto = Klass.prototype as unknown as Record<string, unknown>;
    const properties: Record<string, { signature: string; access: 'read' | 'readwrite' }> = {};
    for (const [prop, p] of Object.entries(spec.props ?? {})) {
      this.#values[prop] = p.value;
      this.#signatures[prop] = p.signature;
      properties[prop] = { signature: p.signature, access: p.access ?? 'read' };
      // A client's Properties.Set must also emit PropertiesChanged, as BlueZ does.
      Object.defineProperty(proto, prop, { get: () => this.#values[prop], set: (v: unknown) => this.set({ [prop]: v }) });
    }
    const methods: Record<string, { inSignature: string; outSignature: string }> = {};
    for (const [m, spec2] of Object.entries(spec.methods ?? {})) {
      proto[m] = spec2.fn;
      methods[m] = { inSignature: spec2.in ?? '', outSignature: spec2.out ?? '' };
    }
    const signals: Record<string, { signature: string }> = {};
    for (const [s, signature] of Object.entries(spec.signals ?? {})) {
      // dbus-next wraps this: the return value becomes the signal body.
      proto[s] = (...args: unknown[]) => args;
      signals[s] = { signature };
    }
    Klass.configureMembers({ properties, methods, signals });
    this.iface = new Klass(name);
  }

  get(prop: string): unknown {
    return this.#values[prop];
  }

  /** Change properties and emit one PropertiesChanged signal (`sa{sv}as`) from the owning connection. */
  set(changes: Record<string, unknown>): void {
    Object.assign(this.#values, changes);
    dbus.interface.Interface.emitPropertiesChanged(this.iface, changes, []);
  }

  /** All properties as variants, for ObjectManager.GetManagedObjects and InterfacesAdded. */
  variants(): Record<string, Variant> {
    const out: Record<string, Variant> = {};
    for (const [prop, value] of Object.entries(this.#values)) {
      out[prop] = new dbus.Variant(this.#signatures[prop]!, value);
    }
    return out;
  }

  /** Emit a declared signal with its arguments. */
  signal(name: string, ...args: unknown[]): void {
    (this.iface as unknown as Record<string, (...a: unknown[]) => void>)[name]!(...args);
  }
}

/** A D-Bus error reply such as `org.bluez.Error.Failed`. */
export function bluezError(kind: string, text: string): Error {
  return new dbus.DBusError(`org.bluez.Error.${kind}`, text);
}

/**
 * The exported objects of the mock, with ObjectManager on `/` kept in step. node-ble never
 * calls ObjectManager (it introspects child nodes), but bluetoothctl-style clients do.
 */
export class ObjectTree {
  readonly #objects = new Map<string, MockInterface[]>();
  readonly #manager: MockInterface;
  #sender = '';

  constructor(readonly bus: MessageBus) {
    this.#manager = new MockInterface('org.freedesktop.DBus.ObjectManager', {
      methods: { GetManagedObjects: { out: 'a{oa{sa{sv}}}', fn: () => this.managedObjects() } },
      signals: { InterfacesAdded: 'oa{sa{sv}}', InterfacesRemoved: 'oas' },
    });
    bus.export('/', this.#manager.iface);
    // dbus-next hands methods only their arguments; peek at each call first (return false so
    // normal dispatch continues) so AgentManager1 and Pair can tell which client called.
    bus.addMethodHandler((msg: { sender: string }) => {
      this.#sender = msg.sender;
      return false;
    });
  }

  /** The unique bus name of the client whose method call is being handled; read it synchronously. */
  get sender(): string {
    return this.#sender;
  }

  add(path: string, ifaces: MockInterface[]): void {
    for (const i of ifaces) this.bus.export(path, i.iface);
    this.#objects.set(path, ifaces);
    this.#manager.signal('InterfacesAdded', path, interfacesOf(ifaces));
  }

  remove(path: string): void {
    const ifaces = this.#objects.get(path);
    if (!ifaces) return;
    // dbus-next 0.10 drops the whole object on the first unexport(path, iface) (it tests
    // `interfaces.length` on an object), so one call removes every interface.
    this.bus.unexport(path, ifaces[0]!.iface);
    this.#objects.delete(path);
    this.#manager.signal(
      'InterfacesRemoved',
      path,
      ifaces.map((i) => i.name),
    );
  }

  has(path: string): boolean {
    return this.#objects.has(path);
  }

  managedObjects(): Record<string, Record<string, Record<string, Variant>>> {
    const out: Record<string, Record<string, Record<string, Variant>>> = {};
    for (const [path, ifaces] of this.#objects) out[path] = interfacesOf(ifaces);
    return out;
  }
}

function interfacesOf(ifaces: MockInterface[]): Record<string, Record<string, Variant>> {
  return Object.fromEntries(ifaces.map((i) => [i.name, i.variants()]));
}
