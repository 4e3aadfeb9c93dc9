/**
 * The Bluetooth Date Time structure (GATT Specification Supplement "Date Time", 0x2A08):
 * year uint16 (1582..9999, 0 = unknown), month uint8 (1..12, 0 = unknown), day uint8
 * (1..31, 0 = unknown), hours 0..23, minutes 0..59, seconds 0..59. It is the device's local
 * wall-clock time, with no zone.
 *
 * In decoded fields it is a string `YYYY-MM-DDTHH:MM:SS`; an unknown year, month or day
 * stays `0000`/`00`, exactly as sent, so nothing is lost. Only a fully known value becomes a
 * reading's `deviceTime`.
 */

/** Date Time as the numbers on the wire. */
export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Size of the Date Time structure on the wire. */
export const DATE_TIME_SIZE = 7;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  // Year 0 is "unknown": allow 29 February rather than reject a leap-day reading.
  const leap = year === 0 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/**
 * Checks the ranges the spec gives each part.
 * @returns undefined when valid, else what is wrong
 */
export function dateTimeProblem(p: DateTimeParts): string | undefined {
  if (p.year !== 0 && (p.year < 1582 || p.year > 9999)) return `year ${p.year} outside 1582..9999`;
  if (p.month > 12) return `month ${p.month} outside 0..12`;
  if (p.day > 31 || (p.month !== 0 && p.day > daysInMonth(p.year, p.month))) return `day ${p.day} not in month ${p.month}`;
  if (p.hours > 23) return `hours ${p.hours} outside 0..23`;
  if (p.minutes > 59) return `minutes ${p.minutes} outside 0..59`;
  if (p.seconds > 59) return `seconds ${p.seconds} outside 0..59`;
  return undefined;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Formats parts as `YYYY-MM-DDTHH:MM:SS` (unknown parts stay zero). */
export function formatDateTime(p: DateTimeParts): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}`;
}

/**
 * Parses `YYYY-MM-DDTHH:MM:SS` back to parts (for encoders).
 * @throws RangeError when the text or a part is invalid
 */
export function parseDateTime(text: string): DateTimeParts {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) throw new RangeError(`date-time must be YYYY-MM-DDTHH:MM:SS, got ${JSON.stringify(text)}`);
  const [year, month, day, hours, minutes, seconds] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const parts = { year, month, day, hours, minutes, seconds };
  const problem = dateTimeProblem(parts);
  if (problem) throw new RangeError(`invalid date-time ${text}: ${problem}`);
  return parts;
}

/** True when year, month and day are all known, so the value names one local date-time. */
export function isKnownDateTime(text: string): boolean {
  return !text.startsWith('0000') && !/^\d{4}-00|^\d{4}-\d{2}-00/.test(text);
}

/**
 * The device's local date-time of a measurement: a base time plus an offset in minutes, as
 * wall-clock arithmetic with no zone (Glucose base time + time offset, GLS v1.0.1;
 * CGM session start + time offset, CGMS v1.0.2).
 * @param base - `YYYY-MM-DDTHH:MM:SS` as decoded
 * @param minutes - offset, may be negative
 * @returns undefined when the base has an unknown year/month/day or the result leaves 1582..9999
 */
export function deviceTimeAfter(base: string, minutes = 0): string | undefined {
  if (!isKnownDateTime(base)) return undefined;
  if (minutes === 0) return base;
  const p = parseDateTime(base);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day, p.hours, p.minutes + minutes, p.seconds));
  const year = d.getUTCFullYear();
  if (year < 1582 || year > 9999) return undefined;
  return formatDateTime({
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
  });
}
