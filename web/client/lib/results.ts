import { api } from './api.ts';

type Flag = 'N' | 'L' | 'H' | 'LL' | 'HH' | 'A';

/** A lab result as the results API (api/src/results) returns it. */
export interface LabResult {
  id: string;
  loinc: string;
  displayName: string;
  value: number | string;
  unit: string | null;
  referenceRange: { low: number | null; high: number | null; text: string | null };
  flag: Flag | null;
  collectedAt: string;
  comment: string | null;
  explanation?: string | null;
}

export interface ResultTrend {
  unit: string | null;
  referenceRange: LabResult['referenceRange'] | null;
  points: Array<{ collectedAt: string; value: number }>;
}

export const resultsApi = {
  list: (patientId: string) => api<{ results: LabResult[] }>('GET', `/v1/patients/${patientId}/results`),
  one: (patientId: string, id: string) => api<LabResult>('GET', `/v1/patients/${patientId}/results/${id}`),
  trend: (patientId: string, loinc: string) => api<ResultTrend>('GET', `/v1/patients/${patientId}/results/trend?loinc=${encodeURIComponent(loinc)}`),
};

export const hasRange = (r: Pick<LabResult, 'referenceRange'>): boolean => r.referenceRange.low !== null || r.referenceRange.high !== null || r.referenceRange.text !== null;

/** "70–99 mg/dL", or the lab's own words. */
export function rangeText(r: Pick<LabResult, 'referenceRange' | 'unit'>): string {
  const { low, high, text } = r.referenceRange;
  const unit = r.unit ? ` ${r.unit}` : '';
  if (text) return text;
  if (low !== null && high !== null) return `${low}–${high}${unit}`;
  if (high !== null) return `below ${high}${unit}`;
  if (low !== null) return `above ${low}${unit}`;
  return 'No usual range given';
}

/** The lab's flag in words (never colour alone); null when the result is in range. */
const FLAG_WORDS: Record<Flag, string | null> = { N: null, L: 'Below the usual range', H: 'Above the usual range', LL: 'Far below the usual range', HH: 'Far above the usual range', A: 'Outside the usual range' };
export const flagText = (r: Pick<LabResult, 'flag'>): string | null => (r.flag ? FLAG_WORDS[r.flag] : null);

export const valueText = (r: Pick<LabResult, 'value' | 'unit'>): string => `${r.value}${r.unit ? ` ${r.unit}` : ''}`;
