import { formatDateTime, type DateTimeParts } from '../gatt/date-time.ts';
import { wallClockFormatter } from '../../../common/src/wall-clock.ts';
import {
  DAYS_OF_WEEK,
  decodeCurrentTime as decodeCurrentTimeValue,
  encodeCurrentTime as encodeCurrentTimeValue,
  type CurrentTimeFields,
} from '../gatt/current-time.ts';

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

/** Encode Exact Time 256 for a write to 2A2B, through the characteristic's own codec. */
export function encodeCurrentTime(w: WallClock): Buffer {
  // Day of Week: 1 = Monday … 7 = Sunday; JavaScript counts Sunday as 0.
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  const bytes = encodeCurrentTimeValue({
    dateTime: formatDateTime(w),
    dayOfWeek: DAYS_OF_WEEK[(weekday === 0 ? 7 : weekday) as keyof typeof DAYS_OF_WEEK],
    fractions256: Math.floor((w.ms * 256) / 1000),
    adjustReason: ['manual-time-update'],
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decode a 2A2B value; undefined when it is short or the date is unknown or invalid (the skew
 * check is then skipped rather than failing the session). Bytes after the 10 defined ones are
 * ignored: a later revision may append fields.
 */
export function decodeCurrentTime(value: Buffer): WallClock | undefined {
  if (value.length < CURRENT_TIME_SIZE) return undefined;
  let fields: CurrentTimeFields;
  try {
    fields = decodeCurrentTimeValue(value.subarray(0, CURRENT_TIME_SIZE)).fields;
  } catch {
    return undefined;
  }
  const [date, time] = fields.dateTime.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes, seconds] = time.split(':').map(Number) as [number, number, number];
  if (year === 0 || month === 0 || day === 0) return undefined;
  return { year, month, day, hours, minutes, seconds, ms: Math.round((fields.fractions256 * 1000) / 256) };
}

/** `YYYY-MM-DDTHH:MM:SS`, the form decoders use for device time. */
export function formatWallClock(w: WallClock): string {
  return formatDateTime(w);
}
