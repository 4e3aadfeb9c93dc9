import { z } from '@hono/zod-openapi';
import { RESULT_CATEGORIES } from './categories.ts';
import { FLAGS } from './flags.ts';

export const Loinc = z.string().regex(/^[0-9]{1,7}-[0-9]$/, 'a LOINC code such as 4548-4').openapi({ example: '4548-4' });
/** UCUM units are printable ASCII without spaces, e.g. `mg/dL`, `10*3/uL`, `m[IU]/L`. */
export const UcumUnit = z.string().regex(/^[\x21-\x7e]{1,40}$/, 'a UCUM unit such as mg/dL').openapi({ example: 'mg/dL' });
export const Category = z.enum(RESULT_CATEGORIES).openapi('ResultCategory');
export const Flag = z.enum(FLAGS).openapi('ResultFlag');

export const PatientParams = z.object({ patientId: z.uuid() });
export const ResultParams = z.object({ patientId: z.uuid(), resultId: z.uuid() });

const Limits = z
  .object({ low: z.number().optional(), high: z.number().optional() })
  .refine((r) => r.low === undefined || r.high === undefined || r.low <= r.high, { message: 'low must not exceed high', path: ['low'] });

export const NewResult = z
  .object({
    loinc: Loinc,
    displayName: z.string().trim().min(1).max(200).optional().describe('default: the name in the test catalog'),
    category: Category,
    value: z.union([z.number(), z.string().trim().min(1).max(2000)]).describe('a number, or text for descriptive results'),
    unit: UcumUnit.optional(),
    referenceRange: Limits.and(z.object({ text: z.string().max(200).optional() })).optional(),
    criticalRange: Limits.optional().describe("the lab's critical limits; default: the test catalog's"),
    flag: Flag.optional().describe('as sent by the lab; computed from the ranges when missing'),
    adolescentConfidential: z.boolean().default(false),
    comment: z.string().max(2000).optional(),
    collectedAt: z.iso.datetime({ offset: true }),
    resultedAt: z.iso.datetime({ offset: true }).optional(),
    orderedBy: z.uuid().optional().describe('the ordering clinician (default: you); only they can verify it'),
  })
  .openapi('NewLabResult');

const Person = z.object({ id: z.uuid(), displayName: z.string() });

export const Result = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    loinc: z.string(),
    displayName: z.string(),
    category: Category,
    value: z.union([z.number(), z.string()]),
    unit: z.string().nullable(),
    referenceRange: z.object({ low: z.number().nullable(), high: z.number().nullable(), text: z.string().nullable() }),
    flag: Flag.nullable(),
    flagComputed: z.boolean(),
    critical: z.boolean(),
    adolescentConfidential: z.boolean(),
    comment: z.string().nullable(),
    collectedAt: z.string(),
    resultedAt: z.string(),
    orderedBy: Person,
    verifiedAt: z.string().nullable(),
    releaseAt: z.string().nullable().describe('when the patient can see it (verification plus the category’s delay)'),
  })
  .openapi('LabResult');

export const ResultDetail = Result.extend({ explanation: z.string().nullable().describe('what the test is, in plain language') }).openapi('LabResultDetail');

export const ResultListQuery = z.object({ category: Category.optional(), loinc: Loinc.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const TrendQuery = z.object({ loinc: Loinc });

export const Trend = z
  .object({
    loinc: z.string(),
    displayName: z.string().nullable(),
    unit: z.string().nullable(),
    referenceRange: z.object({ low: z.number().nullable(), high: z.number().nullable(), text: z.string().nullable() }).nullable(),
    explanation: z.string().nullable(),
    points: z.array(z.object({ resultId: z.uuid(), collectedAt: z.string(), value: z.number(), unit: z.string().nullable(), flag: Flag.nullable() })),
  })
  .openapi('LabResultTrend');

export const ReleaseDelay = z.object({ category: Category, hours: z.number().int().min(0).max(24 * 60) }).openapi('ResultReleaseDelay');
export const ReleaseDelays = z
  .object({ delays: z.array(ReleaseDelay).max(RESULT_CATEGORIES.length) })
  .refine((d) => new Set(d.delays.map((x) => x.category)).size === d.delays.length, { message: 'each category at most once', path: ['delays'] })
  .openapi('ResultReleaseDelays');

export const TaskStatus = z.enum(['open', 'done']);
export const CareTask = z
  .object({
    id: z.uuid(),
    kind: z.literal('call_patient_critical_result'),
    status: TaskStatus,
    patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string(), phone: z.string().nullable() }),
    result: z.object({ id: z.uuid(), displayName: z.string(), value: z.union([z.number(), z.string()]), unit: z.string().nullable(), flag: Flag.nullable() }).nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    completedBy: Person.nullable(),
    note: z.string().nullable(),
  })
  .openapi('CareTask');
export const TaskListQuery = z.object({ status: z.enum(['open', 'done', 'all']).default('open') });
export const TaskParams = z.object({ taskId: z.uuid() });
export const CompleteTask = z.object({ note: z.string().trim().min(1).max(2000).describe('what was done, e.g. "called, patient going to the ED"') }).openapi('CompleteCareTask');
