/**
 * What an annotation says, by kind: the one source of validation, types and OpenAPI. Structured
 * fields where clinicians filter or chart on them (meal timing, BP technique), free text where
 * they read (symptoms, the note).
 */
import { z } from '@hono/zod-openapi';

export const ANNOTATION_KINDS = ['meal', 'symptom', 'medication', 'measurement_condition'] as const;

/** The BP-technique items of AHA/ACC home-measurement instructions, and common glucose conditions. */
export const MEASUREMENT_CONDITIONS = [
  'seated_back_supported',
  'rested_5_minutes',
  'arm_supported_heart_level',
  'cuff_on_bare_arm',
  'feet_flat_legs_uncrossed',
  'no_caffeine_exercise_smoking_30_minutes',
  'empty_bladder',
  'not_talking',
  'fasting',
  'after_exercise',
  'unwell',
] as const;

export const AnnotationDetail = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('meal'),
      meal: z.enum(['breakfast', 'lunch', 'dinner', 'snack']),
      timing: z.enum(['before', 'after', 'fasting']).optional(),
      carbsGrams: z.number().min(0).max(500).optional(),
    }),
    z.strictObject({ kind: z.literal('symptom'), symptom: z.string().trim().min(1).max(200), severity: z.enum(['mild', 'moderate', 'severe']).optional() }),
    z.strictObject({ kind: z.literal('medication'), name: z.string().trim().min(1).max(200), dose: z.string().trim().min(1).max(100).optional(), takenAt: z.iso.datetime({ offset: true }).optional() }),
    z.strictObject({
      kind: z.literal('measurement_condition'),
      conditions: z.array(z.enum(MEASUREMENT_CONDITIONS)).max(MEASUREMENT_CONDITIONS.length).optional(),
      /** The id of a completed BP-technique checklist (a questionnaire response of the forms feature). */
      checklistResponseId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).optional(),
    }),
  ])
  .openapi('AnnotationDetail');
export type AnnotationDetail = z.infer<typeof AnnotationDetail>;

export const NewAnnotation = z
  .strictObject({
    readingId: z.uuid().optional().openapi({ description: 'the reading annotated; its measurement time becomes the annotation time' }),
    at: z.iso.datetime({ offset: true }).optional().openapi({ description: 'the time annotated, when no reading is named' }),
    detail: AnnotationDetail,
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((a) => a.readingId !== undefined || a.at !== undefined, { message: 'name a reading (readingId) or a time (at)', path: ['at'] })
  .openapi('NewAnnotation');

export const Annotation = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    readingId: z.uuid().nullable(),
    at: z.string(),
    kind: z.enum(ANNOTATION_KINDS),
    detail: AnnotationDetail,
    note: z.string().nullable(),
    author: z.object({ userId: z.uuid(), role: z.string() }),
    createdAt: z.string(),
  })
  .openapi('Annotation');
export type Annotation = z.infer<typeof Annotation>;

export const AnnotationQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'default: 90 days before `to`' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'default: now' }),
});

export const PatientParams = z.object({ patientId: z.uuid() });
export const AnnotationParams = z.object({ patientId: z.uuid(), annotationId: z.uuid() });
