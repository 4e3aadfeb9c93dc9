import { z } from 'zod';
import { METRIC_NAMES } from '../metrics.ts';
import { OptionalTraceparent } from '../trace-field.ts';

/**
 * MQTT wire format v1, topic `{prefix}/gw/{gatewayId}/readings`, QoS 1.
 * Public contract shared by gateway-agent and ingest; documented in docs/mqtt-protocol.md.
 * Additive optional fields keep v:1; anything else bumps v.
 */
export const MetricValue = z.object({
  metric: z.enum(METRIC_NAMES),
  value: z.number().finite(),
  unit: z.string().min(1).max(16),
  originalValue: z.number().finite().optional(),
  originalUnit: z.string().min(1).max(16).optional(),
});
export type MetricValue = z.infer<typeof MetricValue>;

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'local date-time YYYY-MM-DDTHH:MM:SS');

export const WireReading = z.object({
  /** UUIDv5 of device id, characteristic and sequence (or device time): see common/src/reading-id.ts. */
  id: z.uuid(),
  /** Device id as registered (serial number or BLE address). */
  deviceId: z.string().min(1).max(64),
  /** 16-bit GATT characteristic UUID in upper-case hex, e.g. "2A35". */
  characteristic: z.string().regex(/^[0-9A-F]{4}$/),
  sequence: z.number().int().min(0).optional(),
  /** The instant of measurement, after zone and clock-skew correction by the gateway. */
  measuredAt: z.iso.datetime({ offset: true }),
  /** The device's own local wall-clock time, untouched. */
  deviceTime: localDateTime.optional(),
  values: z.array(MetricValue).min(1).max(16),
  flags: z.array(z.string().max(48)).max(16).optional(),
  /** Extra characteristic fields (meal, measurement status, sensor status...). */
  context: z.record(z.string().max(48), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).optional(),
});
export type WireReading = z.infer<typeof WireReading>;

export const ReadingsBatch = z.object({
  v: z.literal(1),
  /** Also a topic level, so no '/', '+' or '#'. */
  gatewayId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  sentAt: z.iso.datetime({ offset: true }),
  readings: z.array(WireReading).min(1).max(500),
  /**
   * W3C `traceparent` of the publish, so ingest and alerts log under the gateway's trace id.
   * Additive and optional, so still v:1: a v1 consumer that predates it strips it (docs/mqtt-protocol.md#tracing).
   */
  traceparent: OptionalTraceparent,
});
export type ReadingsBatch = z.infer<typeof ReadingsBatch>;

/** Retained on `{prefix}/gw/{gatewayId}/status`; the last will publishes `{ v:1, state:"offline" }`. */
export const GatewayStatus = z.object({
  v: z.literal(1),
  state: z.enum(['online', 'offline']),
  at: z.iso.datetime({ offset: true }).optional(),
  uptimeS: z.number().nonnegative().optional(),
  outboxDepth: z.number().int().nonnegative().optional(),
  devices: z
    .array(z.object({ deviceId: z.string(), battery: z.number().min(0).max(100).optional(), rssi: z.number().optional(), lastSeen: z.iso.datetime({ offset: true }).optional() }))
    .optional(),
});
export type GatewayStatus = z.infer<typeof GatewayStatus>;

/** `{prefix}/gw/{gatewayId}/events`: device connected/disconnected, battery, errors, outbox full. */
export const GatewayEvent = z.object({
  v: z.literal(1),
  type: z.enum(['device_connected', 'device_disconnected', 'battery', 'decode_error', 'outbox_full', 'error']),
  at: z.iso.datetime({ offset: true }),
  deviceId: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type GatewayEvent = z.infer<typeof GatewayEvent>;

/** `{prefix}/gw/{gatewayId}/cmd`, server → gateway. */
export const GatewayCommand = z.discriminatedUnion('type', [
  z.object({ v: z.literal(1), type: z.literal('time_sync'), id: z.string() }),
  z.object({ v: z.literal(1), type: z.literal('rescan'), id: z.string() }),
  z.object({ v: z.literal(1), type: z.literal('reload_config'), id: z.string() }),
]);
export type GatewayCommand = z.infer<typeof GatewayCommand>;

export const DEFAULT_TOPIC_PREFIX = 'rpm/v1';

export const topics = {
  readings: (prefix: string, gatewayId: string) => `${prefix}/gw/${gatewayId}/readings`,
  status: (prefix: string, gatewayId: string) => `${prefix}/gw/${gatewayId}/status`,
  events: (prefix: string, gatewayId: string) => `${prefix}/gw/${gatewayId}/events`,
  cmd: (prefix: string, gatewayId: string) => `${prefix}/gw/${gatewayId}/cmd`,
};
