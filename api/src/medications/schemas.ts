import { z } from '@hono/zod-openapi';
import { CalendarDate, Note } from '../portal-records/http.ts';
import { SensitiveCategory } from '../portal-records/visibility.ts';
import { REFILL_STATUSES } from './refill-status.ts';

export const MedicationStatus = z.enum(['active', 'on_hold', 'completed', 'stopped']);

export const Pharmacy = z
  .object({ id: z.uuid(), name: z.string(), ncpdpId: z.string().nullable(), address: z.string(), phone: z.string().nullable() })
  .openapi('Pharmacy');

export const NewMedication = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Metformin 500 mg oral tablet' }),
    rxnormCode: z.string().regex(/^\d{1,8}$/, 'an RxNorm concept id (RxCUI): digits').optional(),
    dose: z.string().trim().min(1).max(100).openapi({ example: '500 mg' }),
    route: z.string().trim().min(1).max(50).openapi({ example: 'oral' }),
    frequency: z.string().trim().min(1).max(100).openapi({ example: 'twice daily with meals' }),
    startDate: CalendarDate,
    endDate: CalendarDate.optional(),
    status: MedicationStatus.default('active'),
    category: SensitiveCategory.optional().describe('hides the medication from proxies unless the patient shares the category'),
    confidential: z.boolean().default(false).describe("an adolescent's confidential item, hidden from a parent proxy"),
  })
  .refine((m) => !m.endDate || m.endDate >= m.startDate, { path: ['endDate'], message: 'endDate is before startDate' })
  .openapi('NewMedication');

export const Medication = z
  .object({
    id: z.uuid(),
    name: z.string(),
    rxnormCode: z.string().nullable(),
    dose: z.string(),
    route: z.string(),
    frequency: z.string(),
    prescriber: z.string(),
    startDate: z.string(),
    endDate: z.string().nullable(),
    status: MedicationStatus,
  })
  .openapi('Medication');

export const RefillStatus = z.enum(REFILL_STATUSES);

export const NewRefillRequest = z
  .object({
    medicationId: z.uuid(),
    pharmacyId: z.uuid().optional().describe("default: the patient's preferred pharmacy"),
    note: Note(500).optional(),
  })
  .openapi('NewRefillRequest');

export const RefillDecision = z
  .object({
    status: z.enum(['approved', 'denied', 'sent_to_pharmacy']),
    note: Note(1000).optional().describe('message back to the patient'),
  })
  .openapi('RefillDecision');

export const RefillRequest = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    medication: z.object({ id: z.uuid(), name: z.string(), dose: z.string() }),
    pharmacy: z.object({ id: z.uuid(), name: z.string() }),
    careTeamId: z.uuid().nullable(),
    status: RefillStatus,
    patientNote: z.string().nullable(),
    responseNote: z.string().nullable(),
    decidedAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RefillRequest');
