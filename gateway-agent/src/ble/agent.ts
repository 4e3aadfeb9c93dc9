import dbus from 'dbus-next';
import type { MessageBus } from 'dbus-next';
import type { Logger } from '../../../common/src/logger.ts';
import type { BluezClient } from './bluez-client.ts';

/** Where the agent object lives on our connection; any path works, BlueZ calls back to it. */
export const AGENT_PATH = '/org/vitals/ble/agent';

/**
 * KeyboardDisplay lets BlueZ pick passkey entry (the meter shows a code, the gateway "types" the
 * configured one) or numeric comparison, whichever the device supports.
 */
const CAPABILITY = 'KeyboardDisplay';

export interface PairingAgentOptions {
  bus: MessageBus;
  bluez: BluezClient;
  /** The code the devices show (six digits); without it passkey-entry pairing is rejected. */
  passkey?: number;
  logger: Logger;
}

/** A registered pairing agent. */
export interface PairingAgent {
  /** Unregister from BlueZ and unexport; safe to call twice. */
  close(): Promise<void>;
}

function rejected(text: string): Error {
  return new dbus.DBusError('org.bluez.Error.Rejected', text);
}

/**
 * org.bluez.Agent1: BlueZ calls it during Pair to get the passkey or a yes/no. The gateway has no
 * user at hand, so it answers from configuration: RequestPasskey returns the configured passkey,
 * confirmations and authorizations are accepted (the gateway only ever pairs devices it chose to
 * connect to).
 */
class Agent1 extends dbus.interface.Interface {
  constructor(
    private readonly passkey: number | undefined,
    private readonly logger: Logger,
  ) {
    super('org.bluez.Agent1');
  }

  Release(): void {
    this.logger.info('BlueZ released the pairing agent');
  }

  RequestPasskey(device: string): number {
    this.logger.info({ device }, 'pairing: passkey requested');
    if (this.passkey === undefined) throw rejected('no passkey configured (BLE_PASSKEY)');
    return this.passkey;
  }

  RequestPinCode(device: string): string {
    // Legacy (pre-2.1) PIN pairing: the same configured code, zero-padded as BlueZ documents.
    return String(this.RequestPasskey(device)).padStart(6, '0');
  }

  RequestConfirmation(device: string, passkey: number): void {
    this.logger.info({ device, passkey }, 'pairing: numeric comparison accepted');
  }

  RequestAuthorization(device: string): void {
    this.logger.info({ device }, 'pairing: authorization accepted');
  }

  AuthorizeService(device: string, uuid: string): void {
    this.logger.debug({ device, uuid }, 'pairing: service authorized');
  }

  DisplayPasskey(device: string, passkey: number): void {
    this.logger.info({ device, passkey }, 'pairing: passkey to be typed on the device');
  }

  DisplayPinCode(device: string, pincode: string): void {
    this.logger.info({ device, pincode }, 'pairing: PIN to be typed on the device');
  }

  Cancel(): void {
    this.logger.warn('pairing cancelled by BlueZ');
  }
}

Agent1.configureMembers({
  methods: {
    Release: {},
    RequestPasskey: { inSignature: 'o', outSignature: 'u' },
    RequestPinCode: { inSignature: 'o', outSignature: 's' },
    RequestConfirmation: { inSignature: 'ou' },
    RequestAuthorization: { inSignature: 'o' },
    AuthorizeService: { inSignature: 'os' },
    DisplayPasskey: { inSignature: 'ouq' },
    DisplayPinCode: { inSignature: 'os' },
    Cancel: {},
  },
});

/**
 * Export the agent on `bus` and make it BlueZ's default agent: node-ble's Pair call comes from
 * another connection, and BlueZ asks the caller's own agent or, failing that, the default one.
 *
 * @throws the D-Bus error when AgentManager1 refuses (e.g. no bluetoothd on the bus)
 */
export async function registerPairingAgent(opts: PairingAgentOptions): Promise<PairingAgent> {
  const iface = new Agent1(opts.passkey, opts.logger);
  opts.bus.export(AGENT_PATH, iface);
  try {
    await opts.bluez.registerAgent(AGENT_PATH, CAPABILITY);
    await opts.bluez.requestDefaultAgent(AGENT_PATH);
  } catch (err) {
    opts.bus.unexport(AGENT_PATH, iface);
    throw err;
  }
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      await opts.bluez.unregisterAgent(AGENT_PATH).catch((err: unknown) => opts.logger.debug({ err }, 'UnregisterAgent failed'));
      opts.bus.unexport(AGENT_PATH, iface);
    },
  };
}
