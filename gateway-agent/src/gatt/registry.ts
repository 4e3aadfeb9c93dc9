import { batteryLevelCodec } from './battery-level.ts';
import { bloodPressureFeatureCodec } from './blood-pressure-feature.ts';
import { bloodPressureMeasurementCodec } from './blood-pressure-measurement.ts';
import { cgmFeatureCodec } from './cgm-feature.ts';
import { cgmMeasurementCodec } from './cgm-measurement.ts';
import { cgmSessionStartTimeCodec } from './cgm-session-start-time.ts';
import { cgmStatusCodec } from './cgm-status.ts';
import { currentTimeCodec } from './current-time.ts';
import { firmwareRevisionCodec, hardwareRevisionCodec, manufacturerNameCodec, modelNumberCodec, serialNumberCodec, softwareRevisionCodec } from './device-information.ts';
import { glucoseFeatureCodec } from './glucose-feature.ts';
import { glucoseMeasurementContextCodec } from './glucose-measurement-context.ts';
import { glucoseMeasurementCodec } from './glucose-measurement.ts';
import { heartRateMeasurementCodec } from './heart-rate-measurement.ts';
import { intermediateCuffPressureCodec } from './intermediate-cuff-pressure.ts';
import { plxContinuousMeasurementCodec } from './plx-continuous-measurement.ts';
import { plxSpotCheckMeasurementCodec } from './plx-spot-check-measurement.ts';
import { recordAccessControlPointCodec } from './record-access-control-point.ts';
import { systemIdCodec } from './system-id.ts';
import { temperatureMeasurementCodec } from './temperature-measurement.ts';
import type { GattCodec } from './types.ts';
import { weightMeasurementCodec } from './weight-measurement.ts';

/**
 * Every characteristic the gateway understands, keyed by 16-bit UUID (upper-case hex). The
 * agent, the CLI and the simulator dispatch through this table, so a new characteristic is one
 * file plus one line here.
 *
 * @example
 * ```ts
 * const { characteristic, fields, readings } = GATT_REGISTRY['2A35'].decode(bytes);
 * ```
 */
export const GATT_REGISTRY = Object.freeze({
  '2A18': glucoseMeasurementCodec,
  '2A34': glucoseMeasurementContextCodec,
  '2A52': recordAccessControlPointCodec,
  '2A51': glucoseFeatureCodec,
  '2A35': bloodPressureMeasurementCodec,
  '2A36': intermediateCuffPressureCodec,
  '2A49': bloodPressureFeatureCodec,
  '2AA7': cgmMeasurementCodec,
  '2AA8': cgmFeatureCodec,
  '2AA9': cgmStatusCodec,
  '2AAA': cgmSessionStartTimeCodec,
  '2A5E': plxSpotCheckMeasurementCodec,
  '2A5F': plxContinuousMeasurementCodec,
  '2A9D': weightMeasurementCodec,
  '2A1C': temperatureMeasurementCodec,
  '2A37': heartRateMeasurementCodec,
  '2A19': batteryLevelCodec,
  '2A2B': currentTimeCodec,
  '2A29': manufacturerNameCodec,
  '2A24': modelNumberCodec,
  '2A25': serialNumberCodec,
  '2A27': hardwareRevisionCodec,
  '2A26': firmwareRevisionCodec,
  '2A28': softwareRevisionCodec,
  '2A23': systemIdCodec,
} satisfies Record<string, GattCodec>);

/** A UUID key of {@link GATT_REGISTRY}. */
export type KnownCharacteristicUuid = keyof typeof GATT_REGISTRY;

/** The Bluetooth Base UUID around a 16-bit UUID: 0000xxxx-0000-1000-8000-00805F9B34FB (Core Spec Vol 3 Part B §2.5.1). */
const BASE_UUID = /^0000([0-9A-F]{4})-0000-1000-8000-00805F9B34FB$/;

/**
 * Normalises how people write a characteristic UUID to the registry key: `2A35`, `2a35`,
 * `0x2A35`, the 32-bit `00002A35`, or the full 128-bit base UUID.
 * @returns the 16-bit UUID in upper-case hex, or undefined when the text is none of those
 */
export function normalizeUuid(text: string): string | undefined {
  const t = text.trim().toUpperCase().replace(/^0X/, '');
  if (/^[0-9A-F]{4}$/.test(t)) return t;
  if (/^0000[0-9A-F]{4}$/.test(t)) return t.slice(4);
  return BASE_UUID.exec(t)?.[1];
}

/** The codec for a UUID written any way {@link normalizeUuid} accepts, if the gateway knows it. */
export function findCodec(uuid: string): GattCodec | undefined {
  const key = normalizeUuid(uuid);
  return key !== undefined && Object.hasOwn(GATT_REGISTRY, key) ? GATT_REGISTRY[key as KnownCharacteristicUuid] : undefined;
}
