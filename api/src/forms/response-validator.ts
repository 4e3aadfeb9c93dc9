import type { Answer, AnswerOption, Questionnaire, QuestionnaireItem, ResponseItem } from './questionnaire-schema.ts';

/** Something wrong with a response, by the question it concerns. */
export interface ResponseIssue {
  linkId: string;
  message: string;
}

/** The answer value[x] that fits each item type (choice answers take their options' kind). */
const VALUE_KEY = { string: 'valueString', boolean: 'valueBoolean', integer: 'valueInteger', date: 'valueDate' } as const;

/**
 * Check a response against its questionnaire: every answered linkId is a question of the form
 * and answered once; required questions have an answer; a question that does not repeat has at
 * most one; each answer has the item's type; a choice answer is one of the item's options
 * (codings match by system and code). Pure; the empty list means valid.
 */
export function validateResponse(q: Pick<Questionnaire, 'item'>, items: readonly ResponseItem[]): ResponseIssue[] {
  const issues: ResponseIssue[] = [];
  const questions = new Map(q.item.map((i) => [i.linkId, i]));
  const seen = new Set<string>();
  for (const r of items) {
    if (!questions.has(r.linkId)) issues.push({ linkId: r.linkId, message: 'not a question of this form' });
    else if (seen.has(r.linkId)) issues.push({ linkId: r.linkId, message: 'answered more than once' });
    seen.add(r.linkId);
  }
  for (const item of q.item) {
    const answers = items.find((r) => r.linkId === item.linkId)?.answer ?? [];
    if (item.required && answers.length === 0) issues.push({ linkId: item.linkId, message: 'an answer is required' });
    if (answers.length > 1 && !item.repeats) issues.push({ linkId: item.linkId, message: 'takes one answer' });
    for (const a of answers) {
      const problem = answerProblem(item, a);
      if (problem) issues.push({ linkId: item.linkId, message: problem });
    }
  }
  return issues;
}

function answerProblem(item: QuestionnaireItem, a: Answer): string | null {
  if (item.type !== 'choice') return VALUE_KEY[item.type] in a ? null : `expected an answer of type ${item.type} (${VALUE_KEY[item.type]})`;
  return (item.answerOption ?? []).some((o) => sameValue(o, a)) ? null : 'not one of the offered answers';
}

function sameValue(o: AnswerOption, a: Answer): boolean {
  if ('valueCoding' in o) return 'valueCoding' in a && a.valueCoding.code === o.valueCoding.code && a.valueCoding.system === o.valueCoding.system;
  if ('valueString' in o) return 'valueString' in a && a.valueString === o.valueString;
  if ('valueInteger' in o) return 'valueInteger' in a && a.valueInteger === o.valueInteger;
  return 'valueDate' in a && a.valueDate === o.valueDate;
}

/**
 * The response as it is stored: items in the questionnaire's order, with the question text and
 * the option's display filled in, so a stored response reads correctly on its own.
 */
export function normaliseResponse(q: Pick<Questionnaire, 'item'>, items: readonly ResponseItem[]): ResponseItem[] {
  return q.item.flatMap((question) => {
    const r = items.find((x) => x.linkId === question.linkId);
    if (!r?.answer?.length) return [];
    const answer = r.answer.map((a) => {
      if (!('valueCoding' in a)) return a;
      const option = question.answerOption?.find((o) => sameValue(o, a));
      return option && 'valueCoding' in option ? { valueCoding: option.valueCoding } : a;
    });
    return [{ linkId: question.linkId, ...(question.text ? { text: question.text } : {}), answer }];
  });
}
