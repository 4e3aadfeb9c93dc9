import { GATT_REGISTRY } from '../gatt/registry.ts';
import type { Frame } from '../agent/frame-to-readings.ts';
import { DEFAULT_PROFILE, bloodPressureAt, glucoseAt, oximetryAt, weightAt, type PatientProfile } from './physiology.ts';
import { dailyAt, localDateTime } from './local-time.ts';

export type SimDeviceType = 'glucose_meter' | 'cgm' | 'bp_cuff' | 'scale' | 'pulse_oximeter';
export interface SimDevice {
  key: string;
  type: SimDeviceType | string;
}

const num = (value: number) => ({ kind: 'number' as const, value });
const CGM_INTERVAL = 5 * 60_000;
/** CGM sensors are replaced every 10 days: a new session start time. */
const CGM_SESSION = 10 * 86_400_000;

/**
 * Real GATT frames, made with the characteristic encoders, for the devices of one home over
 * [from, to): glucose meter 4×/day, CGM every 5 minutes (with its session start time), BP cuff
 * at 07:30 and 20:30, scale at 07:00, pulse oximeter at 09:00 — local time of the home.
 * Pure: the same home and interval give the same frames, so a simulated month runs in seconds.
 */
export function framesBetween(devices: SimDevice[], profile: Partial<PatientProfile>, from: number, to: number): Frame[] {
  const p = { ...DEFAULT_PROFILE, ...profile };
  const tz = p.timeZone;
  const frames: Frame[] = [];
  const frame = (d: SimDevice, characteristic: keyof typeof GATT_REGISTRY, value: Uint8Array, t: number) =>
    frames.push({ deviceKey: d.key, characteristic, value, receivedAt: new Date(t) });
  for (const d of devices) {
    switch (d.type) {
      case 'glucose_meter':
        for (const t of dailyAt(from, to, tz, [7, 11.75, 18.5, 22])) {
          // the meter numbers its records; derive from time so every run agrees
          const sequenceNumber = Math.floor(t / 900_000) % 65536;
          frame(d, '2A18', GATT_REGISTRY['2A18'].encode({ sequenceNumber, baseTime: localDateTime(t, tz), concentration: num(Math.round(glucoseAt(p, t)) / 100_000), concentrationUnit: 'kg/L', type: 'capillary-whole-blood', sampleLocation: 'finger', contextInformationFollows: false }), t);
        }
        break;
      case 'cgm': {
        for (let t = Math.ceil(from / CGM_INTERVAL) * CGM_INTERVAL; t < to; t += CGM_INTERVAL) {
          const session = Math.floor(t / CGM_SESSION) * CGM_SESSION;
          if (t === session || t === Math.ceil(from / CGM_INTERVAL) * CGM_INTERVAL) {
            frame(d, '2AAA', GATT_REGISTRY['2AAA'].encode({ sessionStartTime: localDateTime(session, tz), timeZoneMinutes: 'unknown', dstOffset: 'unknown', e2eCrc: false }), t);
          }
          const timeOffsetMinutes = Math.round((t - session) / 60_000);
          frame(d, '2AA7', GATT_REGISTRY['2AA7'].encode({ records: [{ glucoseConcentration: num(Math.round(glucoseAt(p, t))), timeOffsetMinutes, e2eCrc: false }] }), t);
        }
        break;
      }
      case 'bp_cuff':
        for (const t of dailyAt(from, to, tz, [7.5, 20.5])) {
          const bp = bloodPressureAt(p, t);
          const map = Math.round(bp.diastolic + (bp.systolic - bp.diastolic) / 3);
          frame(d, '2A35', GATT_REGISTRY['2A35'].encode({ unit: 'mmHg', systolic: num(bp.systolic), diastolic: num(bp.diastolic), meanArterialPressure: num(map), timeStamp: localDateTime(t, tz), pulseRate: num(bp.pulse) }), t);
        }
        break;
      case 'scale':
        for (const t of dailyAt(from, to, tz, [7])) {
          frame(d, '2A9D', GATT_REGISTRY['2A9D'].encode({ units: 'si', weight: weightAt(p, t), timeStamp: localDateTime(t, tz) }), t);
        }
        break;
      case 'pulse_oximeter':
        for (const t of dailyAt(from, to, tz, [9])) {
          const o = oximetryAt(p, t);
          frame(d, '2A5E', GATT_REGISTRY['2A5E'].encode({ spo2: num(o.spo2), pulseRate: num(o.pulse), timestamp: localDateTime(t, tz), deviceClockNotSet: false }), t);
        }
        break;
      default:
        break;
    }
  }
  return frames.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}
