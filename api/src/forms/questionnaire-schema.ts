import { z } from '@hono/zod-openapi';

/**
 * The subset of FHIR R4 Questionnaire and QuestionnaireResponse that portal forms use
 * (https://hl7.org/fhir/R4/questionnaire.html): flat items of type string, boolean, choice,
 * integer or date, with `required`, `repeats` and `answerOption`. What is stored and served is
 * valid FHIR JSON.
 */

export const ITEM_TYPES = ['string', 'boolean', 'choice', 'integer', 'date'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const Coding = z.object({ system: z.string().max(500).optional(), code: z.string().min(1).max(200), display: z.string().max(500).optional() }).openapi('Coding');
export type Coding = z.infer<typeof Coding>;

const FhirDate = z.iso.date();

/** One permitted answer of a choice item (Questionnaire.item.answerOption.value[x]). */
export const AnswerOption = z.union([z.strictObject({ valueCoding: Coding }), z.strictObject({ valueString: z.string().min(1) }), z.strictObject({ valueInteger: z.number().int() }), z.strictObject({ valueDate: FhirDate })]).openapi('AnswerOption');
export type AnswerOption = z.infer<typeof AnswerOption>;

export const QuestionnaireItem = z
  .object({
    linkId: z.string().min(1).max(255),
    code: z.array(Coding).optional(),
    text: z.string().max(2000).optional(),
    type: z.enum(ITEM_TYPES),
    required: z.boolean().optional(),
    repeats: z.boolean().optional(),
    answerOption: z.array(AnswerOption).min(1).optional(),
  })
  .refine((i) => (i.type === 'choice') === (i.answerOption !== undefined), { message: 'choice items need answerOption, and only they may have it', path: ['answerOption'] })
  .openapi('QuestionnaireItem');
export type QuestionnaireItem = z.infer<typeof QuestionnaireItem>;

export const Questionnaire = z
  .object({
    resourceType: z.literal('Questionnaire'),
    url: z.url().describe('canonical URL; with version it names one published form'),
    version: z.string().min(1).max(50),
    name: z.string().regex(/^[A-Z][A-Za-z0-9_]{0,254}$/, 'a computable name, e.g. PHQ9').optional(),
    title: z.string().min(1).max(300),
    status: z.enum(['draft', 'active', 'retired']),
    description: z.string().max(5000).optional(),
    copyright: z.string().max(2000).optional(),
    code: z.array(Coding).optional(),
    item: z.array(QuestionnaireItem).min(1).max(500),
  })
  .refine((q) => new Set(q.item.map((i) => i.linkId)).size === q.item.length, { message: 'every linkId must be unique', path: ['item'] })
  .openapi('Questionnaire');
export type Questionnaire = z.infer<typeof Questionnaire>;

/** One answer (QuestionnaireResponse.item.answer.value[x]): exactly one value. */
export const Answer = z
  .union([
    z.strictObject({ valueString: z.string().min(1).max(4000) }),
    z.strictObject({ valueBoolean: z.boolean() }),
    z.strictObject({ valueInteger: z.number().int() }),
    z.strictObject({ valueDate: FhirDate }),
    z.strictObject({ valueCoding: Coding }),
  ])
  .openapi('Answer');
export type Answer = z.infer<typeof Answer>;

export const ResponseItem = z.object({ linkId: z.string().min(1).max(255), text: z.string().max(2000).optional(), answer: z.array(Answer).max(50).optional() }).openapi('QuestionnaireResponseItem');
export type ResponseItem = z.infer<typeof ResponseItem>;
