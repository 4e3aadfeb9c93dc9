/**
 * Abnormal flags as in HL7 v2 OBX-8 / FHIR ObservationInterpretation: N normal, L/H below/above the
 * reference range, LL/HH beyond the critical limits (someone must call the patient), A abnormal
 * (for text results, set by the lab).
 */
export const FLAGS = ['N', 'L', 'H', 'LL', 'HH', 'A'] as const;
export type Flag = (typeof FLAGS)[number];

export const FLAG_LABEL: Record<Flag, string> = { N: 'Normal', L: 'Low', H: 'High', LL: 'Critically low', HH: 'Critically high', A: 'Abnormal' };

export interface Limits {
  low?: number | null | undefined;
  high?: number | null | undefined;
}

/**
 * The flag of a numeric value from its reference range and critical limits. Critical limits are
 * checked first (a critical value is also outside the range); a value on a limit is within it.
 * Null when there is no range to judge by and the value is not critical.
 */
export function computeFlag(value: number, range: Limits, critical: Limits): Flag | null {
  if (critical.low != null && value < critical.low) return 'LL';
  if (critical.high != null && value > critical.high) return 'HH';
  if (range.low != null && value < range.low) return 'L';
  if (range.high != null && value > range.high) return 'H';
  return range.low == null && range.high == null ? null : 'N';
}

export const isCritical = (flag: Flag | null): boolean => flag === 'LL' || flag === 'HH';
