import { describe, expect, it } from 'vitest';
import { BP_TECHNIQUE } from '../../../api/src/forms/demo-forms.ts';
import { validateResponse } from '../../../api/src/forms/response-validator.ts';
import { answerText, canonicalUrl, collectAnswers, hintFor, optionLabel, problemToFieldErrors } from './forms-answers.ts';

const raw = (entries: Record<string, string[]>) => new Map(Object.entries(entries));
const yes = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, ['true']]));
const COMPLETE = {
  'measured-on': ['2026-05-19'],
  ...yes('rested', 'no-stimulants', 'empty-bladder', 'posture', 'arm-at-heart', 'bare-arm'),
  'no-talking': ['false'],
  'cuff-size': ['1'],
  arm: ['0'],
  'readings-taken': [' 2 '],
  notes: [''],
};

describe('collectAnswers', () => {
  it('builds answers the server accepts from a complete form', () => {
    const { item, errors } = collectAnswers(BP_TECHNIQUE.item, raw(COMPLETE));
    expect(errors).toEqual([]);
    expect(validateResponse(BP_TECHNIQUE, item)).toEqual([]);
    expect(item.find((i) => i.linkId === 'cuff-size')?.answer).toEqual([{ valueCoding: { system: 'https://vitals.example.org/fhir/CodeSystem/bp-cuff-size', code: 'adult', display: 'Adult' } }]);
    expect(item.find((i) => i.linkId === 'no-talking')?.answer).toEqual([{ valueBoolean: false }]);
    expect(item.find((i) => i.linkId === 'readings-taken')?.answer).toEqual([{ valueInteger: 2 }]);
    // an optional question left empty is left out, not sent as an empty answer
    expect(item.some((i) => i.linkId === 'notes')).toBe(false);
  });

  it('names each missing required answer, in the order of the form', () => {
    const { errors } = collectAnswers(BP_TECHNIQUE.item, raw({ ...COMPLETE, 'measured-on': [], arm: [], rested: [] }));
    expect(errors).toEqual([
      { linkId: 'measured-on', message: 'Please enter a date.' },
      { linkId: 'rested', message: 'Please choose Yes or No.' },
      { linkId: 'arm', message: 'Please choose an answer.' },
    ]);
  });

  it('refuses numbers that are not whole, impossible dates and unknown options', () => {
    const { errors } = collectAnswers(BP_TECHNIQUE.item, raw({ ...COMPLETE, 'readings-taken': ['2.5'], 'measured-on': ['2026-02-30'], 'cuff-size': ['9'] }));
    expect(errors.map((e) => e.linkId)).toEqual(['measured-on', 'cuff-size', 'readings-taken']);
    expect(errors[2]!.message).toContain('whole number');
  });

  it('keeps every chosen option only for a question that repeats', () => {
    const items = [{ linkId: 'c', type: 'choice' as const, repeats: true, answerOption: [{ valueString: 'a' }, { valueString: 'b' }] }];
    expect(collectAnswers(items, raw({ c: ['0', '1'] })).item).toEqual([{ linkId: 'c', answer: [{ valueString: 'a' }, { valueString: 'b' }] }]);
    expect(collectAnswers([{ ...items[0]!, repeats: false }], raw({ c: ['0', '1'] })).item).toEqual([{ linkId: 'c', answer: [{ valueString: 'a' }] }]);
  });
});

describe('problemToFieldErrors', () => {
  const known = new Set(['arm', 'rested']);

  it('puts the server’s answer problems on their questions, in plain words', () => {
    const r = problemToFieldErrors(
      { status: 422, errors: [{ path: 'item.arm', message: 'not one of the offered answers' }, { path: 'item.rested', message: 'an answer is required' }] },
      known,
    );
    expect(r).toEqual({ fields: [{ linkId: 'arm', message: 'Please choose one of the answers shown.' }, { linkId: 'rested', message: 'Please answer this question.' }], general: false });
  });

  it('leaves problems that belong to no question to the summary', () => {
    expect(problemToFieldErrors({ status: 409, detail: 'a newer version of this form exists: answer that one' }, known)).toEqual({ fields: [], general: true });
    expect(problemToFieldErrors({ status: 422, errors: [{ path: 'item.gone', message: 'not a question of this form' }] }, known).general).toBe(true);
  });
});

describe('words on the page', () => {
  it('labels options, hints and stored answers', () => {
    expect(optionLabel({ valueString: 'left' })).toBe('Left');
    expect(optionLabel({ valueCoding: { code: 'x', display: 'Adult' } })).toBe('Adult');
    expect(hintFor({ type: 'integer' })).toContain('whole number');
    expect(hintFor({ type: 'choice', repeats: true })).toBe('Choose all that apply.');
    expect(hintFor({ type: 'string' })).toBeNull();
    expect(answerText({ valueBoolean: false })).toBe('No');
    expect(answerText({ valueString: 'left' }, { type: 'choice' })).toBe('Left');
    expect(answerText({ valueString: 'as I said' }, { type: 'string' })).toBe('as I said');
    expect(answerText({ valueDate: '2026-11-20' })).toMatch(/2026/);
    expect(answerText({ valueCoding: { code: 'LA6568-5' } })).toBe('LA6568-5');
    expect(canonicalUrl('https://x.example/Questionnaire/a|1')).toBe('https://x.example/Questionnaire/a');
  });
});
