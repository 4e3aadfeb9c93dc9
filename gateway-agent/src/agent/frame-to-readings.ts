import { readingId } from '../../../common/src/reading-id.ts';
import type { WireReading } from '../../../common/src/wire/readings.ts';
import { deviceTimeToInstant } from '../gatt/device-time.ts';
import { findCodec } from '../gatt/registry.ts';
import type { DecodeContext, DecodeResult, GattReading } from '../gatt/types.ts';

/** One characteristic value as received from a device (BLE notification/indication/read, or simulator). */
export interface Frame {
  /** The registered device key: serial number, or the BLE address when there is none. */
  deviceKey: string;
  /** 16-bit UUID, upper-case hex. */
  characteristic: string;
  value: Uint8Array;
  receivedAt: Date;
}

/** Characteristics whose values are measurements to store (the rest are control, status or info). */
export const MEASUREMENT_CHARACTERISTICS = new Set(['2A18', '2A35', '2AA7', '2A5E', '2A5F', '2A9D', '2A1C', '2A37']);
/** Streaming characteristics, sampled to one reading per minute per device (a 1 Hz heart rate is not a chart). */
export const SAMPLED_CHARACTERISTICS = new Set(['2A37', '2A5F']);

export interface TimeBase {
  /** The home's IANA zone: devices report local wall-clock time. */
  timeZone: string;
  /** Device clock minus gateway clock, ms (measured when the gateway wrote Current Time). */
  skewMs: number;
}

const naiveMs = (localDateTime: string) => Date.parse(localDateTime + 'Z');

/**
 * The instant of a device-local time. A CGM's time is "session start + offset minutes": resolve
 * the session start to an instant once and add the offset, so readings across a DST change stay
 * exactly 5 minutes apart (adding the offset to the wall clock would jump an hour).
 */
function instantOf(uuid: string, deviceTime: string | undefined, context: DecodeContext, time: TimeBase): string | undefined {
  if (!deviceTime) return undefined;
  if (uuid === '2AA7' && context.cgmSessionStartTime) {
    const start = Date.parse(deviceTimeToInstant(context.cgmSessionStartTime, time.timeZone, time.skewMs));
    return new Date(start + naiveMs(deviceTime) - naiveMs(context.cgmSessionStartTime)).toISOString();
  }
  return deviceTimeToInstant(deviceTime, time.timeZone, time.skewMs);
}

/**
 * Decode a frame and group its metric values into wire readings: one per device record (same
 * sequence number or device time), each with its deterministic id and corrected instant. A
 * value without a device time (e.g. heart rate) is stamped with the gateway's receive time.
 *
 * @throws GattDecodeError for a malformed frame (the caller reports it and stores nothing)
 */
export function frameToReadings(frame: Frame, context: DecodeContext, time: TimeBase): { decoded: DecodeResult; readings: WireReading[] } {
  const codec = findCodec(frame.characteristic);
  if (!codec) return { decoded: { characteristic: 'unknown', fields: {}, readings: [] }, readings: [] };
  const decoded = codec.decode(frame.value, context);
  if (!MEASUREMENT_CHARACTERISTICS.has(codec.uuid)) return { decoded, readings: [] };
  const groups = new Map<string, GattReading[]>();
  for (const r of decoded.readings) {
    const key = `${r.sequence ?? ''}|${r.deviceTime ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const readings: WireReading[] = [];
  for (const values of groups.values()) {
    const first = values[0]!;
    const measuredAt = instantOf(codec.uuid, first.deviceTime, context, time) ?? frame.receivedAt.toISOString();
    const idKey = first.sequence !== undefined ? { sequence: first.sequence } : { deviceTime: first.deviceTime ?? measuredAt };
    const w: WireReading = {
      id: readingId(frame.deviceKey, codec.uuid, idKey),
      deviceId: frame.deviceKey,
      characteristic: codec.uuid,
      measuredAt,
      values: values.map((v) => ({
        metric: v.metric,
        value: v.value,
        unit: v.unit,
        ...(v.originalValue !== undefined ? { originalValue: v.originalValue } : {}),
        ...(v.originalUnit !== undefined ? { originalUnit: v.originalUnit } : {}),
      })),
    };
    if (first.sequence !== undefined) w.sequence = first.sequence;
    if (first.deviceTime) w.deviceTime = first.deviceTime;
    if (decoded.flags?.length) w.flags = decoded.flags.slice(0, 16).map((f) => f.slice(0, 48));
    readings.push(w);
  }
  return { decoded, readings };
}
