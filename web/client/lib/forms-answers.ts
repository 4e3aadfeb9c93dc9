/**
 * Turning what a person typed or chose into FHIR answers, and the checks done before sending.
 * Pure (no DOM), so it is unit-tested beside this file; the server checks again (the same rules
 * in api/src/forms/response-validator.ts) and its 422 is mapped back onto the questions here.
 */
import type { Answer, AnswerOption, QuestionnaireItem, ResponseItem } from '../../../api/src/forms/questionnaire-schema.ts';
import { capitalise, type Problem } from './api.ts';
import { formatDate } from './format.ts';

/** A problem with one question, in words for the person filling the form in. */
export interface FieldError {
  linkId: string;
  message: string;
}

/** The raw values of one question's inputs (radio/checkbox values are option indexes). */
export type RawAnswers = ReadonlyMap<string, readonly string[]>;

/** How an answer option reads on the page. */
export function optionLabel(o: AnswerOption): string {
  if ('valueCoding' in o) return o.valueCoding.display ?? o.valueCoding.code;
  if ('valueString' in o) return capitalise(o.valueString);
  if ('valueInteger' in o) return String(o.valueInteger);
  return o.valueDate;
}

/** A plain-language hint for a question, by its type; null when the label says enough. */
export function hintFor(item: Pick<QuestionnaireItem, 'type' | 'repeats'>): string | null {
  switch (item.type) {
    case 'integer':
      return 'A whole number, for example 2.';
    case 'date':
      return 'Choose the day, or type it as month, day and year.';
    case 'choice':
      return item.repeats ? 'Choose all that apply.' : 'Choose one.';
    default:
      return null;
  }
}

const MISSING: Record<QuestionnaireItem['type'], string> = {
  string: 'Please write an answer.',
  boolean: 'Please choose Yes or No.',
  choice: 'Please choose an answer.',
  integer: 'Please enter a number.',
  date: 'Please enter a date.',
};

/**
 * Build the response items from the inputs and check them: required questions answered, whole
 * numbers, real dates. Errors come in the questions' order, so the summary reads top to bottom.
 */
export function collectAnswers(items: readonly QuestionnaireItem[], raw: RawAnswers): { item: ResponseItem[]; errors: FieldError[] } {
  const out: ResponseItem[] = [];
  const errors: FieldError[] = [];
  for (const q of items) {
    const values = (raw.get(q.linkId) ?? []).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) {
      if (q.required) errors.push({ linkId: q.linkId, message: MISSING[q.type] });
      continue;
    }
    const answers: Answer[] = [];
    for (const v of values) {
      const a = toAnswer(q, v);
      if (typeof a === 'string') {
        errors.push({ linkId: q.linkId, message: a });
        break;
      }
      answers.push(a);
    }
    if (answers.length === values.length) out.push({ linkId: q.linkId, answer: q.repeats ? answers : answers.slice(0, 1) });
  }
  return { item: out, errors };
}

/** One typed value as a FHIR answer, or what is wrong with it. */
function toAnswer(q: QuestionnaireItem, v: string): Answer | string {
  switch (q.type) {
    case 'string':
      return v.length > 4000 ? 'Please keep this answer under 4,000 characters.' : { valueString: v };
    case 'boolean':
      return v === 'true' ? { valueBoolean: true } : v === 'false' ? { valueBoolean: false } : MISSING.boolean;
    case 'integer':
      return /^-?\d{1,9}$/.test(v) ? { valueInteger: Number(v) } : 'Please enter a whole number, for example 2.';
    case 'date':
      return isRealDate(v) ? { valueDate: v } : 'Please enter a real date, for example 2026-05-19.';
    case 'choice': {
      const option = q.answerOption?.[Number(v)];
      return /^\d+$/.test(v) && option ? (option as Answer) : MISSING.choice;
    }
  }
}

function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** The server's words for a problem with an answer (response-validator.ts), said for people. */
const SERVER_MESSAGES: Array<[RegExp, string]> = [
  [/^an answer is required$/, 'Please answer this question.'],
  [/^takes one answer$/, 'Please choose only one answer.'],
  [/^not one of the offered answers$/, 'Please choose one of the answers shown.'],
  [/^expected an answer of type/, 'This answer is not in the form we expected. Please check it.'],
  [/^answered more than once$/, 'This question was answered twice. Please check it.'],
];

/**
 * A 422 from the API lists `item.<linkId>` problems: put each on its question. What cannot be
 * tied to a question (a newer version, no access) stays in `general`.
 */
export function problemToFieldErrors(p: Problem, known: ReadonlySet<string>): { fields: FieldError[]; general: boolean } {
  const fields: FieldError[] = [];
  let general = false;
  for (const e of p.errors ?? []) {
    const linkId = e.path.startsWith('item.') ? e.path.slice('item.'.length) : null;
    if (linkId === null || !known.has(linkId)) {
      general = true;
      continue;
    }
    const words = SERVER_MESSAGES.find(([re]) => re.test(e.message))?.[1] ?? `${capitalise(e.message)}.`;
    fields.push({ linkId, message: words });
  }
  return { fields, general: general || fields.length === 0 };
}

/** An answer as it reads on a completed form: a chosen option as it was offered, dates in words. */
export function answerText(a: Answer, item?: Pick<QuestionnaireItem, 'type'>): string {
  if (item?.type === 'choice' && 'valueString' in a) return optionLabel(a);
  if ('valueString' in a) return a.valueString;
  if ('valueBoolean' in a) return a.valueBoolean ? 'Yes' : 'No';
  if ('valueInteger' in a) return String(a.valueInteger);
  if ('valueDate' in a) return formatDate(a.valueDate);
  return a.valueCoding.display ?? a.valueCoding.code;
}

/** The form's canonical url from a response's `questionnaire` (`url|version`). */
export function canonicalUrl(ref: string | undefined): string {
  return (ref ?? '').split('|')[0] ?? '';
}
