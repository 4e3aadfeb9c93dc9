import { CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';

/** Fixed ids of the scheduling demo, so the seed is idempotent and tests can name rows. */
const id = (suffix: string) => `00000000-0000-4000-8000-0000000a${suffix}`;
const userId = (email: string) => USERS.find((u) => u.email === email)!.id;

export const DEMO_DEPARTMENT = { id: id('7001'), name: 'Family medicine' };
export const DEMO_LOCATION = { id: id('7011'), name: 'Riverside Family Clinic — Main Street', address: '100 Main Street, Riverside', phone: '+1 555 010 2000', departmentId: DEMO_DEPARTMENT.id };

export const DEMO_PROVIDERS = {
  chen: { id: id('7021'), userId: userId('dr.chen@demo.vitals'), displayName: 'Dr. Wei Chen', specialty: 'Endocrinology' },
  johnson: { id: id('7022'), userId: userId('dr.johnson@demo.vitals'), displayName: 'Dr. Alicia Johnson', specialty: 'Cardiology' },
  patel: { id: id('7023'), userId: userId('nurse.patel@demo.vitals'), displayName: 'Priya Patel, RN', specialty: 'Nursing' },
} as const;

export const DEMO_VISIT_TYPES = {
  inPerson: { id: id('7031'), code: 'in-person', name: 'In-person visit', modality: 'in_person' as const, durationMinutes: 30 },
  video: { id: id('7032'), code: 'video', name: 'Video visit', modality: 'video' as const, durationMinutes: 20 },
};

/**
 * Forms linked to the demo visit types. The ids are the forms feature's (api/src/forms); until it
 * seeds its own, these are the names it is expected to use.
 */
export const DEMO_VISIT_FORMS = [
  { visitTypeId: DEMO_VISIT_TYPES.inPerson.id, kind: 'questionnaire' as const, formId: 'pre-visit-health-update', dueHoursBefore: 24 },
  { visitTypeId: DEMO_VISIT_TYPES.video.id, kind: 'consent' as const, formId: 'telehealth', dueHoursBefore: 0 },
];

const inPerson = DEMO_VISIT_TYPES.inPerson.id;
const video = DEMO_VISIT_TYPES.video.id;
const { chen, johnson, patel } = DEMO_PROVIDERS;

/** Weekly hours in the clinic's zone (ISO weekday 1 = Monday). */
export const DEMO_TEMPLATES = [
  ...[1, 3, 5].map((weekday, i) => ({ id: id(`704${i + 1}`), providerId: chen.id, visitTypeId: inPerson, weekday, start: '09:00', end: '12:00' })),
  ...[2, 4].map((weekday, i) => ({ id: id(`704${i + 4}`), providerId: chen.id, visitTypeId: video, weekday, start: '13:00', end: '16:00' })),
  ...[2, 4].map((weekday, i) => ({ id: id(`704${i + 6}`), providerId: johnson.id, visitTypeId: inPerson, weekday, start: '09:00', end: '12:00' })),
  { id: id('7048'), providerId: johnson.id, visitTypeId: video, weekday: 1, start: '14:00', end: '16:00' },
  { id: id('7049'), providerId: patel.id, visitTypeId: video, weekday: 3, start: '10:00', end: '12:00' },
];

const [maria, james, aiko, , lena] = PATIENTS;

/**
 * Demo appointments relative to the day the seed runs: upcoming ones take the first open slot at
 * least `inDays` ahead; past ones (`inDays` < 0, completed) get a slot of their own (`7061…`) at
 * 10:00 local.
 */
export const DEMO_APPOINTMENTS = [
  { id: id('7051'), patientId: maria.id, providerId: chen.id, visitTypeId: inPerson, inDays: -14, reason: 'Diabetes follow-up' },
  { id: id('7052'), patientId: maria.id, providerId: chen.id, visitTypeId: video, inDays: 3, reason: 'Review glucose readings' },
  { id: id('7053'), patientId: james.id, providerId: johnson.id, visitTypeId: inPerson, inDays: -30, reason: 'Blood pressure check' },
  { id: id('7054'), patientId: james.id, providerId: johnson.id, visitTypeId: inPerson, inDays: 5, reason: 'Heart failure follow-up' },
  { id: id('7055'), patientId: aiko.id, providerId: chen.id, visitTypeId: video, inDays: 7, reason: 'CGM review' },
  { id: id('7056'), patientId: lena.id, providerId: chen.id, visitTypeId: inPerson, inDays: 10, reason: 'Type 1 diabetes check-up' },
];

export const DEMO_CLINIC_ID = CLINIC.id;
/** The slot a past demo appointment sits in. */
export const pastSlotId = (appointmentId: string) => appointmentId.replace(/705(\d)$/, '706$1');
