import { gaussian, seededRandom } from './random.ts';
import { localHour } from './local-time.ts';

/**
 * A plausible physiological model for demo and load data, as pure functions of time: glucose with
 * a dawn rise, meal excursions and slow random drift (with occasional lows and highs so alerts have
 * work), blood pressure with a morning surge and day-to-day variation, weight with slow drift.
 * Deterministic for a given seed, so simulated months are reproducible.
 */
export interface PatientProfile {
  seed: number;
  /** Fasting glucose baseline, mg/dL. */
  glucoseBase: number;
  /** Peak rise after a meal, mg/dL. */
  mealRise: number;
  /** Probability per day of a hypoglycemic episode. */
  lowsPerDay: number;
  systolicBase: number;
  diastolicBase: number;
  weightKg: number;
  /** IANA zone: meals and the BP surge follow local clock time. */
  timeZone: string;
}

export const DEFAULT_PROFILE: PatientProfile = { seed: 1, glucoseBase: 120, mealRise: 70, lowsPerDay: 0.15, systolicBase: 134, diastolicBase: 84, weightKg: 82, timeZone: 'UTC' };

const DAY = 86_400_000;
const MEALS_H = [7.5, 12.5, 19];

/** A per-day random number in [0,1), stable for (seed, day, salt). */
function dayRandom(seed: number, t: number, salt: number): number {
  return seededRandom(seed * 1_000_003 + Math.floor(t / DAY) * 7919 + salt)();
}

/** Interstitial/blood glucose in mg/dL at time t (ms since epoch). */
export function glucoseAt(p: PatientProfile, t: number): number {
  const h = localHour(t, p.timeZone);
  let g = p.glucoseBase;
  // dawn phenomenon: a gentle rise from 4 to 8 h
  g += 15 * Math.exp(-((h - 6.5) ** 2) / 3);
  for (const [i, mealH] of MEALS_H.entries()) {
    const size = 0.6 + 0.8 * dayRandom(p.seed, t, i + 1);
    const dt = h - (mealH + (dayRandom(p.seed, t, i + 11) - 0.5));
    // gamma-like excursion peaking ~1 h after the meal, back near baseline after ~3 h
    if (dt > 0 && dt < 5) g += p.mealRise * size * (dt / 1) * Math.exp(1 - dt / 1);
  }
  // a slow wander so days differ
  g += 12 * Math.sin((t / DAY) * 2 * Math.PI * 0.37 + p.seed) + 8 * Math.sin((t / 3_600_000) * 0.9 + p.seed * 3);
  // an occasional overnight or late-afternoon low lasting ~45 min
  if (dayRandom(p.seed, t, 99) < p.lowsPerDay) {
    const lowH = 2 + 14 * dayRandom(p.seed, t, 98);
    const d = Math.abs(h - lowH);
    if (d < 0.75) g -= (g - 52) * (1 - d / 0.75);
  }
  return Math.round(Math.min(400, Math.max(40, g)) * 10) / 10;
}

export interface BpSample {
  systolic: number;
  diastolic: number;
  pulse: number;
}

/** A home blood-pressure measurement at t: morning surge, daily variation, rare hypertensive spikes. */
export function bloodPressureAt(p: PatientProfile, t: number): BpSample {
  const rand = seededRandom(p.seed * 31 + Math.floor(t / 60_000));
  const h = localHour(t, p.timeZone);
  const surge = h >= 5 && h < 11 ? 6 : 0;
  const day = 6 * (dayRandom(p.seed, t, 201) - 0.5);
  const spike = dayRandom(p.seed, t, 202) < 0.03 ? 45 : 0;
  const systolic = Math.round(p.systolicBase + surge + day + spike + 5 * gaussian(rand));
  const diastolic = Math.round(p.diastolicBase + surge / 2 + day / 2 + spike / 2 + 3 * gaussian(rand));
  const pulse = Math.round(68 + 6 * gaussian(rand));
  return { systolic, diastolic, pulse };
}

/** Morning weight in kg, with slow drift and daily noise. */
export function weightAt(p: PatientProfile, t: number): number {
  const rand = seededRandom(p.seed * 17 + Math.floor(t / DAY));
  return Math.round((p.weightKg + 0.8 * Math.sin((t / DAY) * 0.05 + p.seed) + 0.3 * gaussian(rand)) * 10) / 10;
}

/** SpO2 % and pulse for a spot check. */
export function oximetryAt(p: PatientProfile, t: number): { spo2: number; pulse: number } {
  const rand = seededRandom(p.seed * 13 + Math.floor(t / 60_000));
  return { spo2: Math.min(100, Math.round(96 + 1.5 * gaussian(rand))), pulse: Math.round(72 + 7 * gaussian(rand)) };
}
