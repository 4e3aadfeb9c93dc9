import { describe, expect, it } from 'vitest';
import { annotationBody } from './annotations-form.tsx';

const base = { readingId: 'r1', kind: 'meal', meal: 'lunch', timing: 'after', what: '', note: '' };

describe('annotation form body', () => {
  it('builds the API body of each kind, with the note only when written', () => {
    expect(annotationBody(base)).toEqual({ body: { readingId: 'r1', detail: { kind: 'meal', meal: 'lunch', timing: 'after' } } });
    expect(annotationBody({ ...base, kind: 'symptom', what: ' dizzy ', note: ' after stairs ' })).toEqual({ body: { readingId: 'r1', detail: { kind: 'symptom', symptom: 'dizzy' }, note: 'after stairs' } });
    expect(annotationBody({ ...base, kind: 'medication', what: 'insulin' })).toEqual({ body: { readingId: 'r1', detail: { kind: 'medication', name: 'insulin' } } });
  });

  it('says what is missing instead of sending a request the API refuses', () => {
    expect(annotationBody({ ...base, readingId: '' })).toEqual({ error: 'Choose the reading the note is about.' });
    expect(annotationBody({ ...base, kind: 'symptom' })).toEqual({ error: 'Say how you felt.' });
    expect(annotationBody({ ...base, kind: 'medication', what: '  ' })).toEqual({ error: 'Write the name of the medicine.' });
  });
});
