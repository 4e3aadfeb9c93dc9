import { formatDateTime, type DateTimeParts } from '../gatt/date-time.ts';
import { wallClockFormatter } from '../../../common/src/wall-clock.ts';

/**
 * Current Time (0x2A2B, Current Time Service 1805) = Exact Time 256: Date Time (7 bytes), Day of
 * Week, Fractions256, Adjust Reason — 10 bytes. Devices keep local wall-clock time with no zone,
 * so both clocks are compared as wall-clock times in the gateway's time zone.
 */
export interface WallClock extends DateTimeParts {
  /** 0..999 (Fractions256 on the wire). */
  ms: number;
}

const CURRENT_TIME_SIZE = 10;
/** Adjust Reason bit 0: "manual time update" — the gateway sets the clock on the user's behalf. */
const ADJUST_MANUAL = 0x01;

/**
 * The wall-clock time `date` shows in `timeZone` (an IANA name).
 * @throws RangeError for an unknown time zone
 */
export function wallClockIn(date: Date, timeZone: string): WallClock {
  const parts = wallClockFormatter(timeZone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hours: get('hour'),
    minutes: get('minute'),
    seconds: get('second'),
    ms: date.getUTCMilliseconds(),
  };
}

/** The wall-clock time as if it were UTC: only differences between two such values mean anything. */
function naiveMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hours, w.minutes, w.seconds, w.ms);
}

/** Device wall clock − gateway wall clock, in ms (both already in the same zone). */
export function clockSkewMs(device: WallClock, gateway: WallClock): number {
  return naiveMs(device) - naiveMs(gateway);
}

/** Encode Exact Time 256 for a write to 2A2B. */
export function encodeCurrentTime(w: WallClock): Buffer {
  const b = Buffer.alloc(CURRENT_TIME_SIZE);
  b.writeUInt16LE(w.year, 0);
  b.writeUInt8(w.month, 2);
  b.writeUInt8(w.day, 3);
  b.writeUInt8(w.hours, 4);
  b.writeUInt8(w.minutes, 5);
  b.writeUInt8(w.seconds, 6);
  // Day of Week: 1 = Monday … 7 = Sunday; JavaScript counts Sunday as 0.
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  b.writeUInt8(weekday === 0 ? 7 : weekday, 7);
  b.writeUInt8(Math.floor((w.ms * 256) / 1000), 8);
  b.writeUInt8(ADJUST_MANUAL, 9);
  return b;
}

/** Decode a 2A2B value; undefined when it is short or the date is unknown (zero year/month/day). */
export function decodeCurrentTime(value: Buffer): WallClock | undefined {
  if (value.length < CURRENT_TIME_SIZE) return undefined;
  const w: WallClock = {
    year: value.readUInt16LE(0),
    month: value[2]!,
    day: value[3]!,
    hours: value[4]!,
    minutes: value[5]!,
    seconds: value[6]!,
    ms: Math.round((value[8]! * 1000) / 256),
  };
  return w.year === 0 || w.month === 0 || w.day === 0 ? undefined : w;
}

/** `YYYY-MM-DDTHH:MM:SS`, the form decoders use for device time. */
export function formatWallClock(w: WallClock): string {
  return formatDateTime(w);
}
