/**
 * What an Observation `code` or `category` search matches. Device readings have a finite set of
 * codes (one per canonical metric, the BP panel, CGM glucose), so the search is resolved against
 * that catalogue and becomes a metric condition in SQL; lab results carry any LOINC code, so
 * their condition compares the code column.
 */
import { METRICS, type Metric } from '../../../../common/src/metrics.ts';
import { BP_METRICS, BP_PANEL, CGM_GLUCOSE, LOINC, METRIC_FHIR, OBSERVATION_CATEGORY, PHD_CATEGORY } from '../terminology.ts';
import type { SqlParams } from '../repo/sql-params.ts';
import { codingsSatisfy, type ParsedSearch } from './search-request.ts';

export interface ReadingCode {
  codes: ReadonlyArray<{ system: string; code: string }>;
  categories: ReadonlyArray<{ system: string; code: string }>;
  metrics: readonly Metric[];
  /** Glucose only: true for CGM (interstitial), false for meters (blood). */
  cgm?: boolean;
}

const PHD = { system: PHD_CATEGORY, code: 'phd-observation' };
const category = (c: 'vital-signs' | 'laboratory') => [{ system: OBSERVATION_CATEGORY, code: c }, PHD];

/** Every Observation code a device reading can have. */
export const READING_CODES: readonly ReadingCode[] = [
  { codes: [{ system: LOINC, code: BP_PANEL.code }], categories: category('vital-signs'), metrics: BP_METRICS },
  { codes: [{ system: LOINC, code: CGM_GLUCOSE.code }], categories: category('laboratory'), metrics: ['glucose'], cgm: true },
  { codes: [{ system: LOINC, code: METRICS.glucose.loinc }], categories: category('laboratory'), metrics: ['glucose'], cgm: false },
  ...(Object.keys(METRICS) as Metric[])
    .filter((m) => m !== 'glucose' && !BP_METRICS.includes(m))
    .map((m) => ({ codes: [{ system: LOINC, code: METRICS[m].loinc }, ...METRIC_FHIR[m].extraCodings.map((c) => ({ system: LOINC, code: c.code }))], categories: category(METRIC_FHIR[m].category), metrics: [m] })),
];

/** The reading codes a search allows; null when neither `code` nor `category` restricts them. */
export function selectReadingCodes(s: ParsedSearch): ReadingCode[] | null {
  if (!s.tokens.has('code') && !s.tokens.has('category')) return null;
  return READING_CODES.filter((r) => codingsSatisfy(s, 'code', r.codes) && codingsSatisfy(s, 'category', r.categories));
}

/** SQL over `readings r` (and `devices d`) keeping the selected codes; `FALSE` when none. */
export function readingCodeCondition(selected: readonly ReadingCode[] | null, cgmSql: string, p: SqlParams): string {
  if (selected === null) return 'TRUE';
  if (!selected.length) return 'FALSE';
  return `(${selected.map((r) => `(r.metric = ANY(${p.add(r.metrics)}::text[])${r.cgm === undefined ? '' : r.cgm ? ` AND ${cgmSql}` : ` AND NOT ${cgmSql}`})`).join(' OR ')})`;
}

/** Whether a search can match any lab result (its category and code allow laboratory LOINC codes). */
export function labMayMatch(s: ParsedSearch): boolean {
  if (!codingsSatisfy(s, 'category', [{ system: OBSERVATION_CATEGORY, code: 'laboratory' }])) return false;
  return (s.tokens.get('code') ?? []).every((alternatives) => alternatives.some((t) => t.system === undefined || t.system === LOINC));
}

/**
 * SQL keeping lab results whose LOINC code and `laboratory` category satisfy the search, over a
 * code column; `FALSE` when the search can only match device readings.
 */
export function labCodeCondition(s: ParsedSearch, column: string, p: SqlParams): string {
  if (!labMayMatch(s)) return 'FALSE';
  const occurrences = s.tokens.get('code') ?? [];
  const parts: string[] = [];
  for (const alternatives of occurrences) {
    const loincAlternatives = alternatives.filter((t) => t.system === undefined || t.system === LOINC);
    if (loincAlternatives.some((t) => t.code === undefined)) continue;
    parts.push(`${column} = ANY(${p.add(loincAlternatives.map((t) => t.code))}::text[])`);
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
