/**
 * The home gateway: `npx tsx gateway-agent/src/main.ts [--simulate]`. Composes the durable outbox,
 * the MQTT publisher, the agent (decode → outbox) and a device source: Bluetooth LE through
 * node-ble/BlueZ, or simulated devices emitting real GATT frames.
 */
import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { systemClock, type Clock } from '../../common/src/clock.ts';
import { runMain } from '../../common/src/config.ts';
import { closeOnSignals, type Closer } from '../../common/src/lifecycle.ts';
import { createLogger, type Logger } from '../../common/src/logger.ts';
import { DEVICES } from '../../db/src/seed-data.ts';
import { createAgent } from './agent/agent.ts';
import { createDurableProgress } from './agent/durable-progress.ts';
import { loadGatewayConfig, type GatewayConfig } from './config.ts';
import { createGatewayPublisher } from './mqtt/gateway-publisher.ts';
import type { DeviceStatus } from './mqtt/status-message.ts';
import { openDiskBuffer } from './outbox/disk-buffer.ts';
import { startSimulation } from './simulator/runner.ts';
import type { SimDevice } from './simulator/simulated-home.ts';

/** Simulated devices: SIMULATE_DEVICES, or the demo seed's devices of this gateway. */
export function simulatedDevices(config: GatewayConfig): SimDevice[] {
  if (config.SIMULATE_DEVICES) {
    return config.SIMULATE_DEVICES.split(',').map((pair) => {
      const i = pair.lastIndexOf(':');
      return { key: pair.slice(0, i), type: pair.slice(i + 1) };
    });
  }
  return DEVICES.filter((d) => d.gatewayId === config.GATEWAY_ID).map((d) => ({ key: d.key, type: d.type }));
}

export async function startGateway(config: GatewayConfig, opts: { logger?: Logger; clock?: Clock } = {}) {
  const logger = opts.logger ?? createLogger({ name: 'gateway', level: config.LOG_LEVEL, base: { gatewayId: config.GATEWAY_ID } });
  const clock = opts.clock ?? systemClock;
  const closers: Closer[] = [];
  await mkdir(config.OUTBOX_DIR, { recursive: true });
  const outbox = await openDiskBuffer({ dir: config.OUTBOX_DIR, maxBytes: config.OUTBOX_MAX_BYTES, logger });
  closers.push({ name: 'outbox', close: () => outbox.close() });

  const battery = new Map<string, { battery?: number; lastSeen?: string }>();
  const skew = new Map<string, number>();
  // time_sync: devices get the gateway time on every connection (BLE transport); reload_config:
  // configuration is environment-only, so a restart by the supervisor applies it.
  const commands = { time_sync: () => logger.info('time sync requested; applied at next device connection'), rescan: () => logger.info('rescan requested (no radio in simulation)'), reload_config: () => logger.info('reload requested; restart to apply') };
  const publisher = createGatewayPublisher({
    mqttUrl: config.MQTT_URL,
    gatewayId: config.GATEWAY_ID,
    token: config.GATEWAY_TOKEN,
    topicPrefix: config.MQTT_TOPIC_PREFIX,
    outbox,
    clock,
    logger,
    commands,
    heartbeatMs: config.HEARTBEAT_S * 1000,
    protocolVersion: config.MQTT_PROTOCOL_VERSION as 4 | 5,
    ...(config.MQTT_CA_FILE ? { tls: { ca: readFileSync(config.MQTT_CA_FILE) } } : {}),
    deviceStatus: (): DeviceStatus[] => [...battery.entries()].map(([deviceId, s]) => ({ deviceId, ...s })),
  });
  closers.push({ name: 'publisher', close: () => publisher.close() });
  // A full outbox never drops silently: the append is refused (the device keeps the record) and
  // the server hears about it on the events topic; the heartbeat carries the outbox depth.
  outbox.on('outbox_full', (info) => {
    logger.error({ depth: info.depth, bytes: info.bytes, limit: info.limit }, 'outbox full: readings refused until it drains');
    void publisher.publishEvent({ type: 'outbox_full', detail: { depth: info.depth, bytes: info.bytes, limit: info.limit } }).catch(() => undefined);
  });
  const agent = createAgent({ outbox, clock, logger, timeZone: config.GATEWAY_TIMEZONE, skewOf: (k) => skew.get(k) ?? 0, publishEvent: (e) => publisher.publishEvent(e) });

  if (config.SIMULATE) {
    const devices = simulatedDevices(config);
    const sim = startSimulation({ devices, profile: { timeZone: config.GATEWAY_TIMEZONE, seed: hashSeed(config.GATEWAY_ID) }, agent, clock, logger, speed: config.SIMULATE_SPEED, backfillMs: config.SIMULATE_BACKFILL_DAYS * 86_400_000 });
    for (const d of devices) battery.set(d.key, { battery: 90 });
    closers.push({ name: 'simulator', close: () => sim.stop() });
    logger.info({ devices: devices.length, speed: config.SIMULATE_SPEED }, 'simulated devices running');
  } else {
    const { createBluetooth } = await import('node-ble');
    const { createBleTransport, FileDeviceState } = await import('./ble/index.ts');
    await mkdir(config.STATE_DIR, { recursive: true });
    const serialOf = new Map<string, string>();
    const progress = createDurableProgress(new FileDeviceState(`${config.STATE_DIR}/devices.json`));
    const transport = createBleTransport({
      bluetooth: () => createBluetooth() as never,
      clock,
      logger,
      timeZone: config.GATEWAY_TIMEZONE,
      state: progress.state,
      ...(config.BLE_PASSKEY ? { passkey: Number(config.BLE_PASSKEY) } : {}),
      ...(config.BLE_ADDRESSES ? { allowList: config.BLE_ADDRESSES.split(',').map((a) => a.trim().toUpperCase()) } : {}),
    });
    // The registry knows a device by its serial number when it has one, else by its address.
    const keyOf = (address: string) => serialOf.get(address) ?? address;
    transport.on('device-info', (i) => i.serial && serialOf.set(i.deviceId, i.serial));
    transport.on('clock-skew', (s) => skew.set(keyOf(s.deviceId), s.skewMs));
    transport.on('battery', (b) => battery.set(keyOf(b.deviceId), { battery: b.level, lastSeen: b.receivedAt.toISOString() }));
    transport.on('frame', (f) => {
      void progress.store(f.deviceId, () =>
        agent.ingest({ deviceKey: keyOf(f.deviceId), characteristic: f.characteristic, value: f.value, receivedAt: f.receivedAt }).catch((err) => {
          logger.error({ err: (err as Error).message }, 'frame not stored; the device is asked for it again next time');
          throw err;
        }),
      );
    });
    commands.rescan = () => void transport.scan().catch((err) => logger.warn({ err: (err as Error).message }, 'rescan failed'));
    await transport.start();
    closers.push({ name: 'ble', close: () => transport.close() });
  }
  return { closers, agent, outbox, publisher };
}

/** A stable seed per gateway, so each demo home's simulated patient differs but repeats. */
function hashSeed(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runMain(async () => {
    const env = process.argv.includes('--simulate') ? { ...process.env, SIMULATE: 'true' } : process.env;
    const config = loadGatewayConfig(env);
    const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL, base: { gatewayId: config.GATEWAY_ID } });
    const { closers } = await startGateway(config, { logger });
    closeOnSignals(closers, logger);
    process.stdout.write(`gateway ${config.GATEWAY_ID} running (${config.SIMULATE ? 'simulated devices' : 'bluetooth'})\n`);
  });
}
