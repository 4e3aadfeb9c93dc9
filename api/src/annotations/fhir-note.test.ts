import { describe, expect, it } from 'vitest';
import { annotationText, toFhirNote } from './fhir-note.ts';
import type { Annotation } from './schemas.ts';

const base = { id: 'a1', patientId: 'p1', readingId: null, at: '2026-05-31T12:00:00.000Z', note: null, author: { userId: 'u1', role: 'patient' }, createdAt: '2026-05-31T12:05:00.000Z' };
const ann = (detail: Annotation['detail'], over: Partial<Annotation> = {}): Annotation => ({ ...base, kind: detail.kind, detail, ...over });

describe('annotations as FHIR notes', () => {
  it('says each kind in one sentence', () => {
    expect(annotationText(ann({ kind: 'meal', meal: 'breakfast', timing: 'before', carbsGrams: 45 }))).toBe('Meal: before breakfast (45 g carbohydrate)');
    expect(annotationText(ann({ kind: 'symptom', symptom: 'dizzy', severity: 'mild' }, { note: 'after standing up' }))).toBe('Symptom: dizzy (mild). after standing up');
    expect(annotationText(ann({ kind: 'medication', name: 'metformin', dose: '500 mg' }))).toBe('Medication taken: metformin 500 mg');
    expect(annotationText(ann({ kind: 'measurement_condition', conditions: ['seated_back_supported', 'rested_5_minutes'], checklistResponseId: 'qr-17' }))).toBe(
      'Measurement conditions: seated back supported, rested 5 minutes (checklist qr-17)',
    );
  });

  it('references the author by role', () => {
    const meal = { kind: 'meal', meal: 'lunch' } as const;
    expect(toFhirNote(ann(meal), 'Patient/p1')).toEqual({ authorReference: { reference: 'Patient/p1' }, time: '2026-05-31T12:05:00.000Z', text: 'Meal: lunch' });
    expect(toFhirNote(ann(meal, { author: { userId: 'u9', role: 'clinician' } }), 'Patient/p1').authorReference.reference).toBe('Practitioner/u9');
    expect(toFhirNote(ann(meal, { author: { userId: 'u8', role: 'proxy' } }), 'Patient/p1').authorReference.reference).toBe('RelatedPerson/u8');
  });
});
