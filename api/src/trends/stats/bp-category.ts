/**
 * Blood pressure categories of the 2017 ACC/AHA guideline (Whelton et al., Hypertension
 * 2018;71:e13, "Categories of BP in Adults"): normal < 120 and < 80; elevated 120–129 and < 80; stage 1 130–139 or
 * 80–89; stage 2 ≥ 140 or ≥ 90; and hypertensive crisis > 180 and/or > 120 (section 11.2).
 * "Individuals with SBP and DBP in 2 categories should be designated to the higher BP category."
 */
import type { BpCategory } from './schemas.ts';

/** The categories from lowest to highest. */
export const BP_CATEGORIES: readonly BpCategory[] = ['normal', 'elevated', 'stage1', 'stage2', 'crisis'];

function systolicCategory(s: number): BpCategory {
  if (s > 180) return 'crisis';
  if (s >= 140) return 'stage2';
  if (s >= 130) return 'stage1';
  if (s >= 120) return 'elevated';
  return 'normal';
}

// Diastolic alone never makes "elevated": that category requires a diastolic below 80.
function diastolicCategory(d: number): BpCategory {
  if (d > 120) return 'crisis';
  if (d >= 90) return 'stage2';
  if (d >= 80) return 'stage1';
  return 'normal';
}

/** The higher of two categories. */
export function higherCategory(a: BpCategory, b: BpCategory): BpCategory {
  return BP_CATEGORIES.indexOf(a) >= BP_CATEGORIES.indexOf(b) ? a : b;
}

/**
 * The ACC/AHA 2017 category of a systolic/diastolic pair in mmHg: the higher of the two
 * pressures' categories. Thresholds are applied to the numbers as given (129.6 is below 130);
 * round first where the value is an average meant to be read in whole mmHg.
 *
 * @example classifyBloodPressure(128, 82) // 'stage1': elevated by systolic, stage 1 by diastolic
 */
export function classifyBloodPressure(systolic: number, diastolic: number): BpCategory {
  return higherCategory(systolicCategory(systolic), diastolicCategory(diastolic));
}
