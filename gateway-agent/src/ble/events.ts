/** A raw characteristic value from a measurement service; the agent hands it to the GATT decoders. */
export interface FrameEvent {
  /** The device's BLE address, `AA:BB:CC:DD:EE:FF`. */
  deviceId: string;
  /** 16-bit service UUID, upper-case hex (`1808`). */
  service: string;
  /** 16-bit characteristic UUID, upper-case hex (`2A18`). */
  characteristic: string;
  value: Buffer;
  receivedAt: Date;
}

/** Device Information service (180A) strings; a field is absent when the device lacks it. */
export interface DeviceInformationStrings {
  manufacturer?: string;
  model?: string;
  serial?: string;
  hardwareRevision?: string;
  firmwareRevision?: string;
  softwareRevision?: string;
}

/** What the device says about itself: its name and its Device Information strings. */
export interface DeviceInfoEvent extends DeviceInformationStrings {
  deviceId: string;
  name?: string;
}

/** Battery Level (2A19), read at connect and on every notification. */
export interface BatteryEvent {
  deviceId: string;
  /** Percent, 0..100. */
  level: number;
  receivedAt: Date;
}

/**
 * The device clock against the gateway clock, both as local wall-clock time in the gateway's zone.
 * Measured before the gateway writes its own time, so it applies to records stored before this connection.
 */
export interface ClockSkewEvent {
  deviceId: string;
  /** Device time read − gateway time, in ms; positive when the device runs ahead. */
  skewMs: number;
  /** What the device said, `YYYY-MM-DDTHH:MM:SS` (no zone). */
  deviceTime: string;
  gatewayTime: Date;
  /** True when the gateway then wrote its time to the device (Current Time 2A2B). */
  timeWritten: boolean;
}

export interface ConnectedEvent {
  deviceId: string;
  name?: string;
}

export interface DisconnectedEvent {
  deviceId: string;
  /** `device`: the device (or the radio link) ended it; `gateway`: we did. */
  initiatedBy: 'device' | 'gateway';
}

/** A glucose record transfer (RACP) that the device confirmed as finished. */
export interface TransferCompleteEvent {
  deviceId: string;
  /** Glucose Measurement frames received during this transfer. */
  records: number;
  /** Highest sequence number seen so far for this device (persisted); undefined before the first record. */
  lastSequence: number | undefined;
}

/** The next connection attempt is due after `delayMs`. */
export interface ReconnectScheduledEvent {
  deviceId: string;
  /** Failures in a row so far (0 after a good session). */
  attempt: number;
  delayMs: number;
}

/** Where an error happened; the step decides whether the connection continues. */
export type BleStage = 'agent' | 'discovery' | 'connect' | 'pair' | 'device-info' | 'battery' | 'clock' | 'subscribe' | 'transfer';

export interface BleErrorEvent {
  deviceId?: string;
  stage: BleStage;
  error: Error;
}

/** The transport's typed event map (Node's `EventEmitter<T>` form: event → listener arguments). */
export interface BleTransportEvents {
  frame: [FrameEvent];
  'device-info': [DeviceInfoEvent];
  battery: [BatteryEvent];
  'clock-skew': [ClockSkewEvent];
  connected: [ConnectedEvent];
  disconnected: [DisconnectedEvent];
  'transfer-complete': [TransferCompleteEvent];
  'reconnect-scheduled': [ReconnectScheduledEvent];
  error: [BleErrorEvent];
}

/** How the transport's parts publish events, without holding the emitter. */
export type Emit = <K extends keyof BleTransportEvents>(event: K, payload: BleTransportEvents[K][0]) => void;
