import { describe, expect, it } from 'vitest';
import { annotationsForChart, annotationWords, groupMarks, KIND_WORDS } from './annotations.ts';

describe('annotations on charts', () => {
  const at = (iso: string, readingId: string | null = null) => ({ at: iso, readingId });

  it('keeps a chart’s own readings’ annotations (by id or time) and moments, not other metrics’', () => {
    const mine = at('2026-11-20T12:30:00.000Z', 'r-glucose');
    const byTime = at('2026-11-20T17:30:00.000Z', 'r-systolic');
    const moment = at('2026-11-21T08:00:00.000Z');
    const weight = at('2026-11-21T07:00:00.000Z', 'r-weight');
    const shown = annotationsForChart([mine, byTime, moment, weight], { ids: new Set(['r-glucose']), times: new Set([Date.parse('2026-11-20T17:30:00Z')]) });
    expect(shown).toEqual([mine, byTime, moment]);
  });

  it('groups marks closer than the gap, labelled by kind alone or by count', () => {
    const groups = groupMarks(
      [
        { px: 100, kind: 'meal' },
        { px: 300, kind: 'symptom' },
        { px: 110, kind: 'medication' },
        { px: 118, kind: 'meal' },
      ],
      22,
    );
    expect(groups).toEqual([
      { px: 328 / 3, count: 3, kinds: ['meal', 'medication'], label: '3' },
      { px: 300, count: 1, kinds: ['symptom'], label: KIND_WORDS.symptom.mark },
    ]);
    expect(groupMarks([], 22)).toEqual([]);
  });

  it('starts a new group past the gap from the group’s first mark, so a long run does not chain', () => {
    const groups = groupMarks([0, 15, 30, 45].map((px) => ({ px, kind: 'meal' as const })), 22);
    expect(groups.map((g) => g.count)).toEqual([2, 2]);
  });

  it('says each kind in plain words', () => {
    expect(annotationWords({ detail: { kind: 'meal', meal: 'breakfast', timing: 'before', carbsGrams: 45 }, note: null })).toBe('Before breakfast, 45 g carbohydrate');
    expect(annotationWords({ detail: { kind: 'meal', meal: 'snack' }, note: 'Apple' })).toBe('Snack. Apple');
    expect(annotationWords({ detail: { kind: 'symptom', symptom: 'shaky', severity: 'mild' }, note: null })).toBe('shaky (mild)');
    expect(annotationWords({ detail: { kind: 'medication', name: 'metformin', dose: '500 mg' }, note: null })).toBe('metformin 500 mg');
    expect(annotationWords({ detail: { kind: 'measurement_condition', conditions: ['seated_back_supported', 'rested_5_minutes'] }, note: null })).toBe('seated, back supported, rested 5 minutes');
    expect(annotationWords({ detail: { kind: 'measurement_condition' }, note: null })).toBe('Checklist recorded');
  });
});
