import { describe, expect, it } from 'vitest';
import { BP_TECHNIQUE, PHQ9 } from './demo-forms.ts';
import type { ResponseItem } from './questionnaire-schema.ts';
import { normaliseResponse, validateResponse } from './response-validator.ts';

const CUFF = 'https://vitals.example.org/fhir/CodeSystem/bp-cuff-size';
const goodBp: ResponseItem[] = [
  { linkId: 'measured-on', answer: [{ valueDate: '2026-05-31' }] },
  ...['rested', 'no-stimulants', 'empty-bladder', 'posture', 'arm-at-heart', 'bare-arm', 'no-talking'].map((linkId) => ({ linkId, answer: [{ valueBoolean: true }] })),
  { linkId: 'cuff-size', answer: [{ valueCoding: { system: CUFF, code: 'adult' } }] },
  { linkId: 'arm', answer: [{ valueString: 'left' }] },
  { linkId: 'readings-taken', answer: [{ valueInteger: 2 }] },
];
const without = (linkId: string) => goodBp.filter((i) => i.linkId !== linkId);
const replace = (linkId: string, answer: ResponseItem['answer']) => [...without(linkId), { linkId, answer }];

describe('validateResponse', () => {
  it('accepts a complete response; optional items may be left out', () => {
    expect(validateResponse(BP_TECHNIQUE, goodBp)).toEqual([]);
    expect(validateResponse(BP_TECHNIQUE, [...goodBp, { linkId: 'notes', answer: [{ valueString: 'felt dizzy' }] }])).toEqual([]);
  });

  it('wants every required item answered (an empty answer list counts as none)', () => {
    expect(validateResponse(BP_TECHNIQUE, without('rested'))).toEqual([{ linkId: 'rested', message: 'an answer is required' }]);
    expect(validateResponse(BP_TECHNIQUE, replace('arm', []))).toEqual([{ linkId: 'arm', message: 'an answer is required' }]);
  });

  it('checks each answer has the item type', () => {
    expect(validateResponse(BP_TECHNIQUE, replace('rested', [{ valueString: 'yes' }]))).toEqual([{ linkId: 'rested', message: 'expected an answer of type boolean (valueBoolean)' }]);
    expect(validateResponse(BP_TECHNIQUE, replace('readings-taken', [{ valueString: '2' }]))).toEqual([{ linkId: 'readings-taken', message: 'expected an answer of type integer (valueInteger)' }]);
    expect(validateResponse(BP_TECHNIQUE, replace('measured-on', [{ valueBoolean: true }]))).toEqual([{ linkId: 'measured-on', message: 'expected an answer of type date (valueDate)' }]);
    expect(validateResponse(BP_TECHNIQUE, [...goodBp, { linkId: 'notes', answer: [{ valueInteger: 3 }] }])).toEqual([{ linkId: 'notes', message: 'expected an answer of type string (valueString)' }]);
  });

  it('accepts only offered options for choice items, codings by system and code', () => {
    expect(validateResponse(BP_TECHNIQUE, replace('arm', [{ valueString: 'both' }]))).toEqual([{ linkId: 'arm', message: 'not one of the offered answers' }]);
    expect(validateResponse(BP_TECHNIQUE, replace('cuff-size', [{ valueCoding: { code: 'adult' } }]))).toEqual([{ linkId: 'cuff-size', message: 'not one of the offered answers' }]);
    expect(validateResponse(BP_TECHNIQUE, replace('cuff-size', [{ valueCoding: { system: CUFF, code: 'child' } }]))).toHaveLength(1);
    expect(validateResponse(BP_TECHNIQUE, replace('cuff-size', [{ valueString: 'adult' }]))).toHaveLength(1);
  });

  it('refuses unknown questions, repeated items and several answers to a single-answer item', () => {
    expect(validateResponse(BP_TECHNIQUE, [...goodBp, { linkId: 'favourite-colour', answer: [{ valueString: 'blue' }] }])).toEqual([{ linkId: 'favourite-colour', message: 'not a question of this form' }]);
    expect(validateResponse(BP_TECHNIQUE, [...goodBp, goodBp[1]!])).toEqual([{ linkId: 'rested', message: 'answered more than once' }]);
    expect(validateResponse(BP_TECHNIQUE, replace('arm', [{ valueString: 'left' }, { valueString: 'right' }]))).toEqual([{ linkId: 'arm', message: 'takes one answer' }]);
  });

  it('validates the PHQ-9: nine required frequency answers, the difficulty optional', () => {
    const answers = PHQ9.item.slice(0, 9).map((i) => ({ linkId: i.linkId, answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6569-3' } }] }));
    expect(validateResponse(PHQ9, answers)).toEqual([]);
    expect(validateResponse(PHQ9, answers.slice(1)).map((i) => i.linkId)).toEqual(['phq9-1']);
  });
});

describe('normaliseResponse', () => {
  it('orders items as the form does, adds question text and option displays, drops unanswered items', () => {
    const out = normaliseResponse(BP_TECHNIQUE, [...goodBp].reverse().concat({ linkId: 'notes', answer: [] }));
    expect(out.map((i) => i.linkId)).toEqual(BP_TECHNIQUE.item.filter((i) => i.linkId !== 'notes').map((i) => i.linkId));
    expect(out.find((i) => i.linkId === 'cuff-size')).toEqual({ linkId: 'cuff-size', text: 'Cuff size', answer: [{ valueCoding: { system: CUFF, code: 'adult', display: 'Adult' } }] });
  });
});
