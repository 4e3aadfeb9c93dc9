import { z } from '@hono/zod-openapi';
import { METRIC_NAMES } from '../../../common/src/metrics.ts';

export const Problem = z
  .object({
    id: z.uuid(),
    codeSystem: z.enum(['snomed', 'icd10']).describe('SNOMED CT or ICD-10-CM'),
    code: z.string(),
    display: z.string(),
    clinicalStatus: z.enum(['active', 'recurrence', 'inactive', 'resolved']),
    onsetDate: z.string().nullable(),
  })
  .openapi('Problem');

export const Allergy = z.object({ id: z.uuid(), substance: z.string(), reaction: z.string().nullable(), severity: z.enum(['mild', 'moderate', 'severe']) }).openapi('Allergy');

export const Immunization = z.object({ id: z.uuid(), cvxCode: z.string().describe('CDC CVX code'), vaccine: z.string(), date: z.string() }).openapi('Immunization');

export const Metric = z.enum(METRIC_NAMES);

export const Vital = z
  .object({
    metric: Metric,
    display: z.string(),
    loinc: z.string(),
    value: z.number(),
    unit: z.string().describe('UCUM'),
    measuredAt: z.string(),
    source: z.enum(['device', 'clinic']).describe('a home device reading, or measured at the clinic'),
  })
  .openapi('Vital');

export const CareGoal = z
  .object({ id: z.uuid(), description: z.string(), target: z.string().nullable(), status: z.enum(['proposed', 'active', 'achieved', 'cancelled']), dueDate: z.string().nullable() })
  .openapi('CareGoal');

export const HealthSummary = z
  .object({
    patientId: z.uuid(),
    problems: z.array(Problem),
    allergies: z.array(Allergy),
    immunizations: z.array(Immunization),
    vitals: z.array(Vital).describe('per metric, the latest home reading and the latest clinic measurement'),
    goals: z.array(CareGoal),
  })
  .openapi('HealthSummary');

export const NewClinicVital = z
  .object({ metric: Metric, value: z.number().finite(), measuredAt: z.iso.datetime({ offset: true }) })
  .openapi('NewClinicVital', { description: 'value in the metric’s canonical UCUM unit (see Vital.unit)' });
