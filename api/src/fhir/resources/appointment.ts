import type { Resource } from '../http/fhir-response.ts';
import { PARTICIPATION_TYPE, SYSTEMS } from '../terminology.ts';
import { present, ref } from './fhir-json.ts';

export interface AppointmentRow {
  id: string;
  patient_id: string;
  status: 'booked' | 'cancelled' | 'completed' | 'no_show';
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
  cancel_reason: string | null;
  booked_at: Date;
  provider_name: string;
  location_name: string;
  visit_type_code: string;
  visit_type_name: string;
  modality: string;
}

/** FHIR R4 Appointment.status for the appointments feature's states. */
const STATUS: Record<AppointmentRow['status'], string> = { booked: 'booked', cancelled: 'cancelled', completed: 'fulfilled', no_show: 'noshow' };

/**
 * An appointment as a FHIR R4 Appointment. The provider and location are named (display) rather
 * than referenced, since this server does not serve Practitioner or Location; the video room
 * token is never exposed.
 */
export function appointmentResource(r: AppointmentRow): Resource {
  return present({
    resourceType: 'Appointment',
    id: r.id,
    identifier: [{ system: SYSTEMS.appointment, value: r.id }],
    status: STATUS[r.status],
    cancelationReason: r.cancel_reason ? { text: r.cancel_reason } : null,
    serviceType: [{ coding: [{ system: SYSTEMS.visitType, code: r.visit_type_code, display: r.visit_type_name }], text: r.visit_type_name }],
    reasonCode: r.reason ? [{ text: r.reason }] : null,
    description: `${r.visit_type_name} (${r.modality === 'video' ? 'video visit' : 'in person'})`,
    start: r.starts_at.toISOString(),
    end: r.ends_at.toISOString(),
    minutesDuration: Math.round((r.ends_at.getTime() - r.starts_at.getTime()) / 60_000),
    created: r.booked_at.toISOString(),
    participant: [
      { actor: ref('Patient', r.patient_id), required: 'required', status: 'accepted' },
      { type: [{ coding: [{ system: PARTICIPATION_TYPE, code: 'PPRF', display: 'primary performer' }] }], actor: { display: r.provider_name }, required: 'required', status: 'accepted' },
      { type: [{ coding: [{ system: PARTICIPATION_TYPE, code: 'LOC', display: 'location' }] }], actor: { display: r.location_name }, required: 'information-only', status: 'accepted' },
    ],
  });
}
