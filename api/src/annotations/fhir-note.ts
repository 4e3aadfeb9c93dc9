/**
 * An annotation as a FHIR R4 `Annotation` for `Observation.note` (docs/rpm-workflow.md,
 * "Annotations in FHIR"). Pure, so the FHIR feature can call it per Observation it renders.
 */
import type { Annotation } from './schemas.ts';

const MEAL_TIMING: Record<string, string> = { before: 'before', after: 'after', fasting: 'fasting, before' };

/** The annotation in one plain sentence, e.g. "Meal: before breakfast (45 g carbohydrate)". */
export function annotationText(a: Annotation): string {
  const d = a.detail;
  const main = (() => {
    switch (d.kind) {
      case 'meal':
        return `Meal: ${d.timing ? `${MEAL_TIMING[d.timing]} ` : ''}${d.meal}${d.carbsGrams !== undefined ? ` (${d.carbsGrams} g carbohydrate)` : ''}`;
      case 'symptom':
        return `Symptom: ${d.symptom}${d.severity ? ` (${d.severity})` : ''}`;
      case 'medication':
        return `Medication taken: ${d.name}${d.dose ? ` ${d.dose}` : ''}${d.takenAt ? ` at ${d.takenAt}` : ''}`;
      case 'measurement_condition':
        return `Measurement conditions: ${(d.conditions ?? []).map((c) => c.replaceAll('_', ' ')).join(', ') || 'recorded'}${d.checklistResponseId ? ` (checklist ${d.checklistResponseId})` : ''}`;
    }
  })();
  return a.note ? `${main}. ${a.note}` : main;
}

/**
 * `Observation.note[]` entry: the author as a reference (Patient for the patient's own notes,
 * Practitioner for staff, RelatedPerson for a proxy), the time written, the text.
 *
 * @param patientRef - the Patient reference the FHIR feature uses, e.g. `Patient/<id>`
 */
export function toFhirNote(a: Annotation, patientRef: string): { authorReference: { reference: string }; time: string; text: string } {
  const reference = a.author.role === 'patient' ? patientRef : a.author.role === 'proxy' ? `RelatedPerson/${a.author.userId}` : `Practitioner/${a.author.userId}`;
  return { authorReference: { reference }, time: a.createdAt, text: annotationText(a) };
}
