import type { Logger } from '../../../common/src/logger.ts';
import { GatewayStatus } from '../../../common/src/wire/readings.ts';

/** One device's line in the heartbeat: battery %, RSSI dBm, last time it was heard. */
export type DeviceStatus = NonNullable<GatewayStatus['devices']>[number];

/** The last will, exactly as the contract states it (no time: the broker publishes it later). */
export const OFFLINE_WILL: GatewayStatus = { v: 1, state: 'offline' };

export interface OnlineStatusInput {
  now: Date;
  startedAt: Date;
  outboxDepth: number;
  devices: DeviceStatus[] | undefined;
}

/**
 * The retained `online` status sent on every connect and as the heartbeat. Device lines that do
 * not fit the contract (say a battery of 140 %) are left out, with a warning, rather than letting
 * ingest reject the whole status.
 */
export function onlineStatus({ now, startedAt, outboxDepth, devices }: OnlineStatusInput, logger: Logger): GatewayStatus {
  const status: GatewayStatus = {
    v: 1,
    state: 'online',
    at: now.toISOString(),
    uptimeS: Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 1000)),
    outboxDepth,
    ...(devices ? { devices } : {}),
  };
  const checked = GatewayStatus.safeParse(status);
  if (checked.success) return checked.data;
  logger.warn({ issues: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'device status left out of heartbeat');
  const { devices: _dropped, ...withoutDevices } = status;
  return withoutDevices;
}
