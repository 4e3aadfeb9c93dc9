import type { Metric } from '../../../common/src/metrics.ts';
import type { Operator } from './rule-config.ts';

/**
 * Wording for alert messages. Messages name the measurement, its value and the limit — what a
 * clinician needs to triage — and never a name, device serial or gateway id: they are copied into
 * notifications, while the structured fields (subject, evidence) stay behind access control.
 */

const LABELS: Record<Metric, { label: string; unit: string; decimals: number }> = {
  glucose: { label: 'glucose', unit: 'mg/dL', decimals: 0 },
  systolic: { label: 'systolic BP', unit: 'mmHg', decimals: 0 },
  diastolic: { label: 'diastolic BP', unit: 'mmHg', decimals: 0 },
  mean_arterial: { label: 'mean arterial pressure', unit: 'mmHg', decimals: 0 },
  heart_rate: { label: 'heart rate', unit: 'bpm', decimals: 0 },
  spo2: { label: 'SpO2', unit: '%', decimals: 0 },
  body_weight: { label: 'weight', unit: 'kg', decimals: 1 },
  body_temperature: { label: 'temperature', unit: '°C', decimals: 1 },
  bmi: { label: 'BMI', unit: 'kg/m²', decimals: 1 },
  body_height: { label: 'height', unit: 'm', decimals: 2 },
};

const OPERATOR_WORDS: Record<Operator, string> = { lt: 'below', lte: 'at or below', gt: 'above', gte: 'at or above' };

/** Display label of a metric, e.g. "systolic BP". */
export const metricLabel = (metric: Metric): string => LABELS[metric].label;

/** Display unit of a metric, e.g. "mmHg" for `mm[Hg]`. */
export const metricUnit = (metric: Metric): string => LABELS[metric].unit;

/** A number with at most `decimals` decimals, trailing zeros dropped ("2", "2.5"). */
export function num(value: number, decimals = 1): string {
  return String(Number(value.toFixed(decimals)));
}

/** A value with its unit at the metric's usual precision, plus one decimal for computed means. */
export function quantity(metric: Metric, value: number, extraDecimals = 0): string {
  const { unit, decimals } = LABELS[metric];
  return `${num(value, decimals + extraDecimals)}${unit === '%' ? '' : ' '}${unit}`;
}

/** "below", "at or above"... */
export const operatorWords = (operator: Operator): string => OPERATOR_WORDS[operator];

/** Hours, to one decimal: "48 h", "1.5 h". */
export const hours = (h: number): string => `${num(h)} h`;

/** A window length in words: "24 h", "7 days". */
export const duration = (h: number): string => (h >= 48 && h % 24 === 0 ? `${h / 24} days` : hours(h));

/** The text with its first letter in upper case: messages are built from lower-case phrases. */
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
