import type { Metric } from '../../../common/src/metrics.ts';

/** One stored reading of one metric, in canonical units (common/src/metrics.ts). */
export interface ReadingPoint {
  /** `measured_at`. */
  at: Date;
  value: number;
  /** `cgm` for continuous-glucose-monitor samples (characteristic 2AA7); rate-of-change rules may require it. */
  source?: 'cgm' | 'spot';
}

/** The patient's recent readings by metric, in any order; each rule takes the window it needs. */
export type RecentPoints = Partial<Record<Metric, readonly ReadingPoint[]>>;

/** A gateway as the alerts worker sees it (from its retained status topic). */
export interface GatewayState {
  id: string;
  /** Last message from the gateway; null if it has never connected. */
  lastSeenAt: Date | null;
  /** From the retained status (the broker publishes the last will `offline` when the connection dies). */
  online: boolean;
}

/** A device's last reported battery, in percent; null or absent when the device does not report one. */
export interface DeviceState {
  id: string;
  battery?: number | null;
}

/** What scheduled rules judge, for one patient. */
export interface ScheduledInput {
  /**
   * Newest `measured_at` by metric. A metric absent here is not judged; to alert on a patient who
   * never sent a reading, pass the enrolment time for it.
   */
  lastReadingAt: Partial<Record<Metric, Date>>;
  gateways: readonly GatewayState[];
  devices: readonly DeviceState[];
}
