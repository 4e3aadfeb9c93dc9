/**
 * Reading annotations (issue 12; api/src/annotations, docs/rpm-workflow.md) as the charts show
 * them: which annotations belong on a chart, their words, and how markers that would overlap on
 * the canvas are grouped. Pure apart from `fetchAnnotations`.
 */
import type { Annotation } from '../../../api/src/annotations/schemas.ts';
import { api, type ApiResult } from '../lib/api.ts';

/** An annotation as `GET /v1/patients/{id}/annotations` returns it (the API's schema; type-only import). */
export type ChartAnnotation = Annotation;
export type AnnotationKind = Annotation['kind'];

/** The kind in words, and the short label its marker carries on the canvas (the legend explains it). */
export const KIND_WORDS: Record<AnnotationKind, { words: string; mark: string }> = {
  meal: { words: 'Meal', mark: 'M' },
  symptom: { words: 'Symptom', mark: 'S' },
  medication: { words: 'Medicine', mark: 'Rx' },
  measurement_condition: { words: 'How it was measured', mark: 'C' },
};

const CONDITION_WORDS: Record<string, string> = {
  seated_back_supported: 'seated, back supported',
  rested_5_minutes: 'rested 5 minutes',
  arm_supported_heart_level: 'arm supported at heart level',
  cuff_on_bare_arm: 'cuff on bare arm',
  feet_flat_legs_uncrossed: 'feet flat, legs uncrossed',
  no_caffeine_exercise_smoking_30_minutes: 'no caffeine, exercise or smoking for 30 minutes',
  empty_bladder: 'empty bladder',
  not_talking: 'not talking',
  fasting: 'fasting',
  after_exercise: 'after exercise',
  unwell: 'unwell',
};

/** What the annotation says, in plain words ("Before breakfast, 45 g carbohydrate. Felt fine."). */
export function annotationWords(a: Pick<ChartAnnotation, 'detail' | 'note'>): string {
  const d = a.detail;
  const main = (() => {
    switch (d.kind) {
      case 'meal': {
        const when = d.timing === 'fasting' ? 'Fasting, before ' : d.timing ? `${d.timing === 'before' ? 'Before' : 'After'} ` : '';
        return `${when}${when ? d.meal : d.meal.charAt(0).toUpperCase() + d.meal.slice(1)}${d.carbsGrams !== undefined ? `, ${d.carbsGrams} g carbohydrate` : ''}`;
      }
      case 'symptom':
        return `${d.symptom}${d.severity ? ` (${d.severity})` : ''}`;
      case 'medication':
        return `${d.name}${d.dose ? ` ${d.dose}` : ''}`;
      case 'measurement_condition':
        return (d.conditions ?? []).map((c) => CONDITION_WORDS[c] ?? c.replaceAll('_', ' ')).join(', ') || 'Checklist recorded';
    }
  })();
  return a.note ? `${main}. ${a.note}` : main;
}

/** Who wrote it, from the reader's side. */
export const authorWords = (role: string): string => (role === 'patient' ? 'Patient' : role === 'proxy' ? 'Family or carer' : 'Care team');

/**
 * The annotations a chart shows: those of one of its readings (by id, or by the reading's time,
 * which an annotation of a reading takes) and those of a moment without a reading (a meal or a
 * dose is context for every chart). Annotations of another metric's readings stay off.
 */
export function annotationsForChart<A extends Pick<ChartAnnotation, 'readingId' | 'at'>>(all: readonly A[], readings: { ids?: ReadonlySet<string>; times: ReadonlySet<number> }): A[] {
  return all.filter((a) => a.readingId === null || readings.ids?.has(a.readingId) || readings.times.has(Date.parse(a.at)));
}

/** A marker to draw: its x in the chart's scale and its kind. */
export interface Mark {
  x: number;
  kind: AnnotationKind;
}

/** Markers closer than the gap (in pixels) merged into one, labelled with how many it holds. */
export interface MarkGroup {
  px: number;
  count: number;
  kinds: AnnotationKind[];
  label: string;
}

/**
 * Group marks by position so labels never overlap: sorted by pixel, a mark joins the group when
 * it is within `gap` of the group's first mark. A group of one shows its kind's short label;
 * a bigger group shows the count (the list under the chart has every one).
 */
export function groupMarks(marks: ReadonlyArray<{ px: number; kind: AnnotationKind }>, gap: number): MarkGroup[] {
  const groups: Array<{ first: number; pxs: number[]; kinds: AnnotationKind[] }> = [];
  for (const m of [...marks].sort((a, b) => a.px - b.px)) {
    const last = groups.at(-1);
    if (last && m.px - last.first < gap) {
      last.pxs.push(m.px);
      last.kinds.push(m.kind);
    } else groups.push({ first: m.px, pxs: [m.px], kinds: [m.kind] });
  }
  return groups.map((g) => ({
    px: g.pxs.reduce((s, p) => s + p, 0) / g.pxs.length,
    count: g.pxs.length,
    kinds: [...new Set(g.kinds)],
    label: g.pxs.length === 1 ? KIND_WORDS[g.kinds[0]!].mark : String(g.pxs.length),
  }));
}

/** A patient's annotations in a period, oldest first. */
export async function fetchAnnotations(patientId: string, period: { from: string; to: string }): Promise<ApiResult<ChartAnnotation[]>> {
  const r = await api<{ annotations: ChartAnnotation[] }>('GET', `/v1/patients/${patientId}/annotations?${new URLSearchParams(period)}`);
  return r.ok ? { ...r, data: r.data.annotations } : r;
}
