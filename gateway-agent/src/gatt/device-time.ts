import { isKnownDateTime, parseDateTime } from './date-time.ts';
import { wallClockFormatter } from '../../../common/src/wall-clock.ts';

/**
 * How to read a local time that a DST change makes ambiguous, as in Temporal:
 * - `compatible` (default): a repeated time takes its first occurrence, a skipped time is
 *   pushed forward by the length of the gap (02:30 in a spring-forward gap becomes 03:30);
 *   this is what a clock that simply kept running would have shown.
 * - `earlier` / `later`: the earlier or later of the two possible instants.
 * - `reject`: throw.
 */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject';

/** The instant a device's local time stands for, and whether DST made it ambiguous. */
export interface ResolvedDeviceTime {
  /** ISO 8601 instant in UTC, e.g. `2024-03-10T07:30:00.000Z`. */
  instant: string;
  /** `repeated`: the local time happened twice (fall back); `skipped`: it never happened (spring forward). */
  ambiguity: 'none' | 'repeated' | 'skipped';
}

const DAY_MS = 86_400_000;

/** The zone's UTC offset (ms) at an instant, read through Intl (IANA tz database). */
function offsetAt(formatter: Intl.DateTimeFormat, epochMs: number): number {
  const parts = Object.fromEntries(formatter.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * Resolves a device's local date-time in a time zone to an instant, then removes the device's
 * measured clock skew. Pure: same inputs, same answer.
 *
 * @param localDateTime - `YYYY-MM-DDTHH:MM:SS`, fully known (a reading's `deviceTime`)
 * @param timeZone - IANA zone the device's clock is set to, e.g. `Europe/Berlin`
 * @param skewMs - how far the device clock runs ahead of true time (device − reference), as
 *   measured by the gateway from the Current Time characteristic; subtracted from the result
 * @param disambiguation - how to read a time a DST change repeats or skips
 * @throws RangeError for a malformed or unknown date-time, an unknown zone, or an ambiguous
 *   time with `reject`
 * @example resolveDeviceTime('2024-03-10T02:30:00', 'America/New_York') // { instant: '2024-03-10T07:30:00.000Z', ambiguity: 'skipped' }
 */
export function resolveDeviceTime(localDateTime: string, timeZone: string, skewMs = 0, disambiguation: Disambiguation = 'compatible'): ResolvedDeviceTime {
  if (!isKnownDateTime(localDateTime)) throw new RangeError(`device time ${localDateTime} has an unknown year, month or day`);
  if (!Number.isFinite(skewMs)) throw new RangeError(`skewMs must be finite, got ${skewMs}`);
  const p = parseDateTime(localDateTime);
  const formatter = wallClockFormatter(timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hours, p.minutes, p.seconds);
  // The offsets in force a day either side bracket any DST change near this wall time; each
  // gives a candidate instant, which is real only if the zone has that offset at that instant.
  const offsetBefore = offsetAt(formatter, wall - DAY_MS);
  const offsetAfter = offsetAt(formatter, wall + DAY_MS);
  const candidates = [...new Set([wall - offsetBefore, wall - offsetAfter])].filter((t) => offsetAt(formatter, t) === wall - t).sort((a, b) => a - b);

  let instant: number;
  let ambiguity: ResolvedDeviceTime['ambiguity'] = 'none';
  if (candidates.length === 1) instant = candidates[0]!;
  else {
    ambiguity = candidates.length === 0 ? 'skipped' : 'repeated';
    if (disambiguation === 'reject') throw new RangeError(`${localDateTime} is ${ambiguity} in ${timeZone}`);
    const later = disambiguation === 'later' || (disambiguation === 'compatible' && ambiguity === 'skipped');
    // Skipped: reading it with the offset before the change lands after the gap, with the one after lands before it.
    if (ambiguity === 'skipped') instant = later ? wall - offsetBefore : wall - offsetAfter;
    else instant = later ? candidates[1]! : candidates[0]!;
  }
  return { instant: new Date(instant - skewMs).toISOString(), ambiguity };
}

/**
 * {@link resolveDeviceTime} returning only the ISO instant.
 * @example deviceTimeToInstant('2024-05-20T08:00:00', 'Europe/Berlin', 90_000) // '2024-05-20T05:58:30.000Z'
 */
export function deviceTimeToInstant(localDateTime: string, timeZone: string, skewMs = 0, disambiguation: Disambiguation = 'compatible'): string {
  return resolveDeviceTime(localDateTime, timeZone, skewMs, disambiguation).instant;
}
