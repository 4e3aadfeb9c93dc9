/**
 * Kovatchev's low and high blood glucose indices (LBGI, HBGI).
 *
 * The glucose scale is made symmetric around 112.5 mg/dL by
 * f(BG) = 1.509 × (ln(BG)^1.084 − 5.381), BG in mg/dL (Kovatchev et al., "Symmetrization of the
 * blood glucose measurement scale and its applications", Diabetes Care 1997;20:1655). The risk of
 * a reading is r = 10 f²; its low part rl = r when f < 0 (else 0) and its high part rh = r when
 * f > 0 (else 0). LBGI = mean(rl), HBGI = mean(rh) over all readings.
 *
 * Categories (cut-offs from Kovatchev's SMBG studies, as restated by Fabris, Patek & Breton,
 * J Diabetes Sci Technol 2015;10:50): LBGI ≤ 1.1 minimal, ≤ 2.5 low, ≤ 5 moderate, > 5 high;
 * HBGI ≤ 4.5 low, ≤ 9 moderate, > 9 high. They were derived from meter readings; Fabris et al.
 * found CGM-based LBGI runs lower than SMBG-based LBGI, so on CGM data the LBGI category errs
 * towards "lower risk" (see docs/trend-statistics.md).
 */
import type { GlycemicRisk, HbgiCategory, LbgiCategory } from './schemas.ts';

/**
 * Kovatchev's symmetrizing transform of a glucose value in mg/dL; 0 at ≈ 112.5 mg/dL.
 *
 * @throws RangeError below 1 mg/dL, where ln(BG) < 0 has no real power 1.084
 */
export function kovatchevF(bg: number): number {
  if (!(bg >= 1)) throw new RangeError(`glucose must be at least 1 mg/dL for the risk transform, got ${bg}`);
  return 1.509 * (Math.log(bg) ** 1.084 - 5.381);
}

/** The low and high risk of one reading: `{ rl, rh }`, one of them 0. */
export function bgRisk(bg: number): { rl: number; rh: number } {
  const f = kovatchevF(bg);
  const r = 10 * f * f;
  return { rl: f < 0 ? r : 0, rh: f > 0 ? r : 0 };
}

/** LBGI risk category: ≤ 1.1 minimal, ≤ 2.5 low, ≤ 5 moderate, > 5 high. */
export function lbgiCategory(lbgi: number): LbgiCategory {
  if (lbgi <= 1.1) return 'minimal';
  if (lbgi <= 2.5) return 'low';
  if (lbgi <= 5) return 'moderate';
  return 'high';
}

/** HBGI risk category: ≤ 4.5 low, ≤ 9 moderate, > 9 high. */
export function hbgiCategory(hbgi: number): HbgiCategory {
  if (hbgi <= 4.5) return 'low';
  if (hbgi <= 9) return 'moderate';
  return 'high';
}

/**
 * LBGI, HBGI and their categories over a set of glucose readings (mg/dL); all `null` when empty.
 *
 * @throws RangeError for a value below 1 mg/dL
 */
export function glycemicRisk(values: readonly number[]): GlycemicRisk {
  if (values.length === 0) return { lbgi: null, hbgi: null, lbgiCategory: null, hbgiCategory: null };
  let low = 0;
  let high = 0;
  for (const v of values) {
    const { rl, rh } = bgRisk(v);
    low += rl;
    high += rh;
  }
  const lbgi = low / values.length;
  const hbgi = high / values.length;
  return { lbgi, hbgi, lbgiCategory: lbgiCategory(lbgi), hbgiCategory: hbgiCategory(hbgi) };
}
