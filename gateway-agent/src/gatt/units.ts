import { MG_DL_PER_MMOL_L, MMHG_PER_KPA } from '../../../common/src/metrics.ts';

/**
 * How a value as sent becomes a canonical metric value (common/src/metrics.ts), and what is
 * kept beside it as the original.
 */
export interface UnitConversion {
  /** UCUM unit of the kept original value. */
  readonly originalUnit: string;
  /** Wire value → original value (identity unless the wire unit is not the one people use, e.g. mol/L → mmol/L). */
  readonly toOriginal: (wire: number) => number;
  /** Wire value → canonical value. */
  readonly toCanonical: (wire: number) => number;
}

/** Pounds (avoirdupois) to kilograms, exact by definition. */
export const KG_PER_LB = 0.45359237;
/** Inches to metres, exact by definition. */
export const M_PER_INCH = 0.0254;

const same = (v: number): number => v;

/** Glucose sent in kg/L (GLS flag bit 2 = 0): 1 kg/L = 10^6 mg / 10 dL = 100 000 mg/dL. */
export const GLUCOSE_KG_PER_L: UnitConversion = { originalUnit: 'kg/L', toOriginal: same, toCanonical: (v) => v * 100_000 };
/** Glucose sent in mol/L (GLS flag bit 2 = 1): kept as mmol/L, 1 mmol/L = 18.016 mg/dL. */
export const GLUCOSE_MOL_PER_L: UnitConversion = {
  originalUnit: 'mmol/L',
  toOriginal: (v) => v * 1000,
  toCanonical: (v) => v * 1000 * MG_DL_PER_MMOL_L,
};
/** Blood pressure sent in kPa (BLS flag bit 0 = 1). */
export const PRESSURE_KPA: UnitConversion = { originalUnit: 'kPa', toOriginal: same, toCanonical: (v) => v * MMHG_PER_KPA };
/** Weight sent in pounds (WSS flag bit 0 = 1). */
export const MASS_LB: UnitConversion = { originalUnit: '[lb_av]', toOriginal: same, toCanonical: (v) => v * KG_PER_LB };
/** Height sent in inches (WSS flag bit 0 = 1). */
export const LENGTH_INCH: UnitConversion = { originalUnit: '[in_i]', toOriginal: same, toCanonical: (v) => v * M_PER_INCH };
/** Temperature sent in Fahrenheit (HTS flag bit 0 = 1). */
export const TEMPERATURE_DEGF: UnitConversion = { originalUnit: '[degF]', toOriginal: same, toCanonical: (v) => ((v - 32) * 5) / 9 };

/**
 * Drops binary floating-point noise from a computed value (0.0012 × 100000 = 120.00000000000001)
 * while keeping 12 significant digits, far beyond any device's resolution.
 */
export function clean(value: number): number {
  return Number(value.toPrecision(12));
}
