import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { hasFlag, type Link } from './central.ts';
import { clockSkewMs, decodeCurrentTime, encodeCurrentTime, formatWallClock, wallClockIn } from './current-time.ts';
import type { DeviceStateStore } from './device-state.ts';
import { BleStepError } from './errors.ts';
import type { BleStage, DeviceInfoEvent, DeviceInformationStrings, Emit } from './events.ts';
import { createGlucoseTransfer, type GlucoseTransfer } from './glucose-transfer.ts';
import { BATTERY, CURRENT_TIME, DEVICE_INFORMATION, GLUCOSE, MEASUREMENT_PROFILES } from './profiles.ts';
import type { Timers } from './timers.ts';

export interface SessionDeps {
  clock: Clock;
  /** IANA zone of the home: device clocks show local time there. */
  timeZone: string;
  state: DeviceStateStore;
  timers: Timers;
  racpTimeoutMs: number;
  /** Pair devices that are not bonded yet. */
  bond: boolean;
  /** Write the gateway's time to devices with a writable Current Time. */
  writeTime: boolean;
  emit: Emit;
  /** Report a non-fatal step failure. */
  reportError: (stage: BleStage, error: unknown, deviceId: string) => void;
  logger: Logger;
}

/**
 * Set up one connection. The order matters:
 * 1. bond first: health services refuse an unencrypted link;
 * 2. device information, clock and battery before any measurement, so the agent knows the
 *    device's clock skew before it decodes a record;
 * 3. subscribe to the measurement characteristics;
 * 4. glucose meters: transfer the records not seen yet (RACP).
 * Device information, clock and battery are optional: a failure is reported and setup goes on.
 * Bonding, subscribing and the transfer are not.
 * @throws BleStepError naming the step that failed
 */
export async function runSession(link: Link, deps: SessionDeps): Promise<void> {
  const step = async (stage: BleStage, fn: () => Promise<void>, optional = false): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      // Once the link is down every later step fails too: stop here whatever the step.
      if (!optional || link.isClosed) throw new BleStepError(stage, err);
      deps.reportError(stage, err, link.address);
    }
  };
  if (deps.bond) await step('pair', () => bond(link, deps));
  await step('device-info', () => readDeviceInfo(link, deps), true);
  await step('clock', () => syncClock(link, deps), true);
  await step('battery', () => watchBattery(link, deps), true);
  const glucose = link.services().includes(GLUCOSE.service) ? createGlucoseTransfer(link, deps) : undefined;
  await step('subscribe', () => subscribeMeasurements(link, deps, glucose));
  if (glucose) await step('transfer', () => glucose.run());
}

async function bond(link: Link, deps: SessionDeps): Promise<void> {
  if (await link.isPaired()) return;
  deps.logger.info({ deviceId: link.address }, 'pairing');
  await link.pair();
}

async function readDeviceInfo(link: Link, deps: SessionDeps): Promise<void> {
  const info: DeviceInfoEvent = { deviceId: link.address };
  if (link.name !== undefined) info.name = link.name;
  for (const [field, uuid] of Object.entries(DEVICE_INFORMATION.strings)) {
    if (!hasFlag(link, DEVICE_INFORMATION.service, uuid, 'read')) continue;
    const value = await link.read(DEVICE_INFORMATION.service, uuid);
    // Some devices pad their strings with NULs.
    info[field as keyof DeviceInformationStrings] = value.toString('utf8').replace(/\0+$/, '').trim();
  }
  deps.emit('device-info', info);
}

/**
 * Read the device clock, compare it with the gateway's (both as wall-clock time in the home's
 * zone, taking the middle of the read as "now"), then set the device clock. The skew is what
 * the records stored so far were stamped with, so it is measured before the write.
 */
async function syncClock(link: Link, deps: SessionDeps): Promise<void> {
  const { service, currentTime } = CURRENT_TIME;
  const deviceId = link.address;
  let measured: { skewMs: number; deviceTime: string; gatewayTime: Date } | undefined;
  if (hasFlag(link, service, currentTime, 'read')) {
    const before = deps.clock.now().getTime();
    const value = await link.read(service, currentTime);
    const gatewayTime = new Date((before + deps.clock.now().getTime()) / 2);
    const device = decodeCurrentTime(value);
    if (device) {
      const skewMs = clockSkewMs(device, wallClockIn(gatewayTime, deps.timeZone));
      measured = { skewMs, deviceTime: formatWallClock(device), gatewayTime };
    }
  }
  const timeWritten = deps.writeTime && hasFlag(link, service, currentTime, 'write');
  if (timeWritten) await link.write(service, currentTime, encodeCurrentTime(wallClockIn(deps.clock.now(), deps.timeZone)));
  if (measured) deps.emit('clock-skew', { deviceId, ...measured, timeWritten });
}

/** Read the level now; then, where the device offers it, follow its notifications. */
async function watchBattery(link: Link, deps: SessionDeps): Promise<void> {
  const { service, level } = BATTERY;
  const deviceId = link.address;
  const emit = (value: Buffer): void => {
    if (value.length >= 1) deps.emit('battery', { deviceId, level: value[0]!, receivedAt: deps.clock.now() });
  };
  // Read before subscribing: BlueZ signals every read as a Value change, which would arrive twice.
  if (hasFlag(link, service, level, 'read')) emit(await link.read(service, level));
  if (hasFlag(link, service, level, 'notify', 'indicate')) await link.subscribe(service, level, emit);
}

/**
 * Read each supported service's context characteristics (features, sensor location) and
 * subscribe to its measurements; every value becomes a `frame` event.
 */
async function subscribeMeasurements(link: Link, deps: SessionDeps, glucose: GlucoseTransfer | undefined): Promise<void> {
  const deviceId = link.address;
  const frame = (service: string, characteristic: string, value: Buffer): void =>
    deps.emit('frame', { deviceId, service, characteristic, value, receivedAt: deps.clock.now() });
  for (const profile of MEASUREMENT_PROFILES) {
    const { service } = profile;
    if (!link.services().includes(service)) continue;
    for (const characteristic of profile.read) {
      if (hasFlag(link, service, characteristic, 'read')) frame(service, characteristic, await link.read(service, characteristic));
    }
    for (const characteristic of profile.subscribe) {
      if (!hasFlag(link, service, characteristic, 'notify', 'indicate')) continue;
      await link.subscribe(service, characteristic, (value) => {
        frame(service, characteristic, value);
        glucose?.observe(characteristic, value);
      });
    }
  }
  // The control point last: its answers only make sense once the record characteristics listen.
  if (glucose) await link.subscribe(GLUCOSE.service, GLUCOSE.racp, (value) => glucose.observe(GLUCOSE.racp, value));
}
