/**
 * Which alert evaluations run first. The rules are judged by the alerts worker, with clinic
 * defaults and per-patient overrides it alone loads; ingest only sorts the work: a batch holding a
 * value outside these wide bands ("suspect") gets a job of its own at the front of the queue, so a
 * low glucose or a crisis blood pressure is judged within the worker's next slot however many
 * routine evaluations wait. Everything else is still judged, in order behind it.
 *
 * The bands are wider than every default threshold (docs/alert-rules.md): glucose low 70 and high
 * 250 against 80 / 200; systolic 180 urgent and the sustained 140 against 140; SpO2 90 against 94.
 * A per-patient override inside a band only costs that reading its place in the queue, not its
 * evaluation. Rules that need history (rate of change, weight gain, sustained means) are judged in
 * the routine lane.
 */
interface Band {
  /** Suspect when the value is below this. */
  below?: number;
  /** Suspect when the value is at or above this. */
  atOrAbove?: number;
}

export const SUSPECT_BANDS: Readonly<Record<string, Band>> = {
  glucose: { below: 80, atOrAbove: 200 },
  systolic: { atOrAbove: 140 },
  diastolic: { atOrAbove: 90 },
  spo2: { below: 94 },
};

/** Whether this value should have its evaluation moved to the front of the queue. */
export function isSuspectValue(metric: string, value: number): boolean {
  const band = SUSPECT_BANDS[metric];
  if (!band) return false;
  return (band.below !== undefined && value < band.below) || (band.atOrAbove !== undefined && value >= band.atOrAbove);
}

/**
 * BullMQ priorities (lower runs first; a job without one runs before every prioritized job):
 * suspect batches none, live routine readings next, late readings (stored records, an outbox
 * drained after an outage) last, so a week of replay never delays today's readings.
 */
export const EVALUATION_PRIORITY = { live: 10, late: 20 } as const;
