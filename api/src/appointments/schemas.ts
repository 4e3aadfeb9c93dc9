import { z } from '@hono/zod-openapi';

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour local time');
export const Modality = z.enum(['in_person', 'video']);
/** A range of local dates that ends on or after it starts, and spans at most `max` days. */
const spans = (from: string, to: string, max: number) => to >= from && Date.parse(to) - Date.parse(from) <= max * 86_400_000;

export const CreateProvider = z
  .object({ userId: z.uuid().describe('a clinician of your clinic'), displayName: z.string().min(1).max(120).optional().describe("default: the user's display name"), specialty: z.string().max(120).optional() })
  .openapi('CreateProvider');
export const Provider = z.object({ id: z.uuid(), userId: z.uuid(), displayName: z.string(), specialty: z.string().nullable() }).openapi('Provider');

export const CreateLocation = z
  .object({
    name: z.string().min(1).max(120),
    address: z.string().max(300).optional(),
    phone: z.string().max(40).optional().describe('given to patients who must call to change a visit'),
    departmentId: z.uuid().optional(),
  })
  .openapi('CreateLocation');
export const Location = z.object({ id: z.uuid(), name: z.string(), address: z.string().nullable(), phone: z.string().nullable(), departmentId: z.uuid().nullable() }).openapi('Location');

export const VisitForm = z
  .object({
    kind: z.enum(['questionnaire', 'consent']),
    formId: z.string().min(1).max(100).describe('the id of the questionnaire or consent in the forms feature'),
    dueHoursBefore: z.number().int().min(0).max(720).default(0).describe('to be completed this many hours before the visit'),
  })
  .openapi('VisitForm');
export const SetVisitForms = z.object({ forms: z.array(VisitForm).max(20) }).openapi('SetVisitForms');

export const CreateVisitType = z
  .object({
    code: z.string().regex(/^[a-z0-9_-]{2,40}$/, '2 to 40 lower-case letters, digits, - or _'),
    name: z.string().min(1).max(120),
    modality: Modality,
    durationMinutes: z.number().int().min(5).max(480),
    patientCutoffHours: z.number().int().min(0).max(720).default(24).describe('patients change visits online only until this many hours before'),
  })
  .openapi('CreateVisitType');
export const VisitType = z
  .object({ id: z.uuid(), code: z.string(), name: z.string(), modality: Modality, durationMinutes: z.number().int(), patientCutoffHours: z.number().int(), forms: z.array(VisitForm) })
  .openapi('VisitType');

export const CreateTemplate = z
  .object({
    providerId: z.uuid(),
    locationId: z.uuid(),
    visitTypeId: z.uuid(),
    weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 = Monday … 7 = Sunday'),
    startTime: TimeOfDay.describe("local time in the clinic's time zone"),
    endTime: TimeOfDay,
    validFrom: z.iso.date(),
    validUntil: z.iso.date().optional(),
  })
  .refine((t) => t.endTime > t.startTime, { message: 'endTime must be after startTime', path: ['endTime'] })
  .refine((t) => !t.validUntil || t.validUntil >= t.validFrom, { message: 'validUntil must not be before validFrom', path: ['validUntil'] })
  .openapi('CreateTemplate');
export const Template = z
  .object({
    id: z.uuid(),
    providerId: z.uuid(),
    locationId: z.uuid(),
    visitTypeId: z.uuid(),
    weekday: z.number().int(),
    startTime: z.string(),
    endTime: z.string(),
    validFrom: z.string(),
    validUntil: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('AvailabilityTemplate');

export const GenerateSlots = z.object({ weeks: z.number().int().min(1).max(26).default(8) }).openapi('GenerateSlots');
export const GenerateResult = z.object({ created: z.number().int(), removed: z.number().int() }).openapi('GenerateSlotsResult');

export const Catalog = z.object({ timeZone: z.string(), providers: z.array(Provider), locations: z.array(Location), visitTypes: z.array(VisitType) }).openapi('SchedulingCatalog');

const ProviderRef = z.object({ id: z.uuid(), displayName: z.string() });
const VisitTypeRef = z.object({ id: z.uuid(), code: z.string(), name: z.string(), modality: Modality, durationMinutes: z.number().int() });

export const Slot = z
  .object({ id: z.uuid(), startsAt: z.string(), endsAt: z.string(), provider: ProviderRef, location: z.object({ id: z.uuid(), name: z.string() }), visitType: VisitTypeRef })
  .openapi('Slot');

export const SlotQuery = z
  .object({
    providerId: z.uuid().optional(),
    visitTypeId: z.uuid().optional(),
    from: z.iso.date().describe("first local date (clinic's time zone)"),
    to: z.iso.date().describe('last local date, at most 62 days after from'),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .refine((q) => spans(q.from, q.to, 62), { message: 'to must be on or after from, at most 62 days later', path: ['to'] });

export const BookAppointment = z.object({ slotId: z.uuid(), reason: z.string().max(500).optional().describe('why the visit, in the patient’s words (stays inside the record)') }).openapi('BookAppointment');
export const CancelAppointment = z.object({ reason: z.string().max(500).optional() }).openapi('CancelAppointment');
export const RescheduleAppointment = z.object({ slotId: z.uuid().describe('an open slot of the same visit type') }).openapi('RescheduleAppointment');

export const AppointmentStatus = z.enum(['booked', 'cancelled', 'completed', 'no_show']);
export const Appointment = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    status: AppointmentStatus,
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string().describe("the clinic's time zone, for showing local times"),
    provider: ProviderRef,
    location: z.object({ id: z.uuid(), name: z.string(), address: z.string().nullable(), phone: z.string().nullable() }),
    visitType: VisitTypeRef,
    reason: z.string().nullable(),
    videoUrl: z.string().nullable().describe('video visits: shown only to the patient, their proxies and the provider'),
    changeableOnlineUntil: z.string().describe('patients book, cancel and reschedule online until then; later they call the clinic'),
    cancelledAt: z.string().nullable(),
    calendarUrl: z.string().describe('this appointment as an iCalendar file'),
  })
  .openapi('Appointment');
export const FormDue = z.object({ kind: z.enum(['questionnaire', 'consent']), formId: z.string(), dueBy: z.string() }).openapi('FormDue');
export const AppointmentDetail = Appointment.extend({ formsDue: z.array(FormDue).describe('questionnaires and consents to complete before the visit') }).openapi('AppointmentDetail');
export const ScheduleEntry = Appointment.extend({ patient: z.object({ id: z.uuid(), name: z.string() }) }).openapi('ScheduleEntry');

export const ListQuery = z.object({ when: z.enum(['upcoming', 'past', 'all']).default('upcoming') });
export const ScheduleQuery = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .refine((q) => spans(q.from, q.to, 62), { message: 'to must be on or after from, at most 62 days later', path: ['to'] });

export const JoinWaitlist = z
  .object({
    providerId: z.uuid().optional().describe('absent: any provider'),
    visitTypeId: z.uuid(),
    earliest: z.iso.date(),
    latest: z.iso.date(),
  })
  .refine((w) => spans(w.earliest, w.latest, 120), { message: 'latest must be on or after earliest, at most 120 days later', path: ['latest'] })
  .openapi('JoinWaitlist');
export const WaitlistOffer = z.object({ id: z.uuid(), slot: Slot, expiresAt: z.string().describe('accept before then; then the next patient is offered the time') }).openapi('WaitlistOffer');
export const WaitlistEntry = z
  .object({
    id: z.uuid(),
    providerId: z.uuid().nullable(),
    visitTypeId: z.uuid(),
    earliest: z.string(),
    latest: z.string(),
    status: z.enum(['waiting', 'offered', 'booked', 'left']),
    createdAt: z.string(),
    offer: WaitlistOffer.nullable(),
  })
  .openapi('WaitlistEntry');
