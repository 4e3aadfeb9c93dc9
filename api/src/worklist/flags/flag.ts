/**
 * A worklist flag: what is wrong, in numbers, and where the evidence is (an API path the clinician's
 * screen can open: the report, the alert, the readings behind the flag).
 */
export const FLAG_CODES = ['urgent_alerts', 'glucose_below_range', 'glucose_time_in_range_low', 'bp_high', 'weight_gain', 'missed_days', 'compliance_at_risk'] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface WorklistFlag {
  code: FlagCode;
  /** One plain sentence with the figures, e.g. "7-day mean 146/92 mmHg over 12 readings (limit 140/90)". */
  reason: string;
  /** The figures behind the reason, by name. */
  figures: Record<string, number>;
  /** API path of the evidence, e.g. `/v1/patients/…/reports/glucose?from=…&to=…`. */
  evidence: string;
}

/** How much each flag weighs in the default "priority" order: urgent alerts first, then lows. */
export const FLAG_WEIGHT: Record<FlagCode, number> = {
  urgent_alerts: 1000,
  glucose_below_range: 60,
  weight_gain: 50,
  bp_high: 40,
  glucose_time_in_range_low: 30,
  compliance_at_risk: 20,
  missed_days: 10,
};

/** One decimal, for reasons ("4.3 %"); the figures keep full precision. */
export const oneDecimal = (n: number): string => (Math.round(n * 10) / 10).toFixed(1);

/** `?from=…&to=…` of a window of instants (epoch ms). */
export const rangeQuery = (w: { from: number; to: number }): string => `from=${encodeURIComponent(new Date(w.from).toISOString())}&to=${encodeURIComponent(new Date(w.to).toISOString())}`;
