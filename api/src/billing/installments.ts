/** One monthly payment of a payment plan. */
export interface Installment {
  seq: number;
  /** `YYYY-MM-DD` */
  dueDate: string;
  amountCents: number;
}

/** The smallest monthly payment a plan may ask for: $10. */
export const MIN_INSTALLMENT_CENTS = 1000;
export const MIN_MONTHS = 2;
export const MAX_MONTHS = 24;

/**
 * The monthly schedule of a payment plan: `months` payments summing to exactly `totalCents`. The
 * cents that do not divide evenly go one each to the first payments, so no payment differs from
 * another by more than a cent. Due dates keep the first due date's day of the month, or the
 * month's last day when it is shorter (Jan 31 → Feb 28 → Mar 31).
 *
 * @param firstDue - `YYYY-MM-DD` of the first payment
 * @throws RangeError for a non-positive or fractional total, or months outside 2–24
 * @example installmentSchedule(1000, 3, '2026-01-31') // 334 on 01-31, 333 on 02-28, 333 on 03-31
 */
export function installmentSchedule(totalCents: number, months: number, firstDue: string): Installment[] {
  if (!Number.isSafeInteger(totalCents) || totalCents <= 0) throw new RangeError('totalCents must be a positive whole number of cents');
  if (!Number.isInteger(months) || months < MIN_MONTHS || months > MAX_MONTHS) throw new RangeError(`months must be ${MIN_MONTHS} to ${MAX_MONTHS}`);
  const base = Math.floor(totalCents / months);
  const extra = totalCents - base * months;
  return Array.from({ length: months }, (_, i) => ({ seq: i + 1, dueDate: addMonthsClamped(firstDue, i), amountCents: base + (i < extra ? 1 : 0) }));
}

/** Why a plan of `months` for `totalCents` cannot be offered, or null when it can. */
export function planProblem(totalCents: number, months: number): string | null {
  if (totalCents <= 0) return 'there is no balance to spread over a plan';
  if (Math.floor(totalCents / months) < MIN_INSTALLMENT_CENTS) return `monthly payments would be below $${MIN_INSTALLMENT_CENTS / 100}: choose fewer months`;
  return null;
}

/** `date` plus `n` calendar months, clamped to the target month's last day. */
export function addMonthsClamped(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + n;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
