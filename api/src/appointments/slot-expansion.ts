import { addDays, isoWeekday, minuteOfDay, zonedInstant, type ZoneReader } from './zoned-time.ts';

/** An availability template as the expansion needs it: a weekly rule in local wall-clock time. */
export interface WeeklyRule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local `HH:MM[:SS]`. */
  startTime: string;
  endTime: string;
  /** First and last local dates the rule applies (`YYYY-MM-DD`; last null: open-ended). */
  validFrom: string;
  validUntil: string | null;
  durationMinutes: number;
}

export interface SlotTime {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The slots a weekly rule yields on the local dates from `fromDay` up to (not including)
 * `untilDay`: back-to-back slots of the visit type's length that fit between the start and end
 * times. Times are wall-clock times in the clinic's zone, so 09:00 stays 09:00 across DST changes.
 * A slot whose local start time does not exist that day (spring-forward gap) is skipped; the
 * length of every slot is its real duration.
 */
export function expandWeeklyRule(rule: WeeklyRule, zone: ZoneReader, fromDay: string, untilDay: string): SlotTime[] {
  const first = fromDay > rule.validFrom ? fromDay : rule.validFrom;
  const endDay = rule.validUntil !== null && rule.validUntil < untilDay ? addDays(rule.validUntil, 1) : untilDay;
  const start = minuteOfDay(rule.startTime);
  const end = minuteOfDay(rule.endTime);
  const out: SlotTime[] = [];
  // the first matching weekday on or after `first`, then every seventh day
  for (let day = addDays(first, (rule.weekday - isoWeekday(first) + 7) % 7); day < endDay; day = addDays(day, 7)) {
    for (let m = start; m + rule.durationMinutes <= end; m += rule.durationMinutes) {
      const startsAt = zonedInstant(zone, day, m);
      if (startsAt) out.push({ startsAt, endsAt: new Date(startsAt.getTime() + rule.durationMinutes * 60_000) });
    }
  }
  return out;
}
