/**
 * An Intl formatter whose parts are the 24-hour wall-clock time of an instant in `timeZone`
 * (IANA tz database). The one way the code base reads zones; constructing one is far slower than
 * using it, so callers build it once per zone and reuse it.
 * @throws RangeError for an unknown zone
 */
export function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}
