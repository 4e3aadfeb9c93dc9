/**
 * What slots and appointments have in common — when, with whom, where, what kind of visit, in
 * which zone — as one row shape, one SELECT list and one set of joins, so both read it alike.
 */
export interface ScheduledRow {
  id: string;
  clinic_id: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  provider_id: string;
  provider_name: string;
  location_id: string;
  location_name: string;
  department_id: string | null;
  /** The location's phone: whom to call when a visit can no longer be changed online. */
  phone: string | null;
  visit_type_id: string;
  vt_code: string;
  vt_name: string;
  modality: 'in_person' | 'video';
  duration_minutes: number;
  patient_cutoff_hours: number;
}

/** The ScheduledRow columns of the table aliased `t` (joined with scheduledJoins). */
export const scheduledColumns = (t: string) => `
  ${t}.id, ${t}.clinic_id, ${t}.starts_at, ${t}.ends_at, c.timezone, ${t}.provider_id, p.display_name AS provider_name,
  ${t}.location_id, l.name AS location_name, l.department_id, l.phone,
  ${t}.visit_type_id, v.code AS vt_code, v.name AS vt_name, v.modality, v.duration_minutes, v.patient_cutoff_hours`;

/** Clinic (c), provider (p), location (l) and visit type (v) of the table aliased `t`. */
export const scheduledJoins = (t: string) => `
  JOIN clinics c ON c.id = ${t}.clinic_id
  JOIN providers p ON p.id = ${t}.provider_id
  JOIN appointment_locations l ON l.id = ${t}.location_id
  JOIN visit_types v ON v.id = ${t}.visit_type_id`;

/** The provider as slot and appointment views name it. */
export const providerRef = (r: ScheduledRow) => ({ id: r.provider_id, displayName: r.provider_name });
/** The visit type as slot and appointment views name it. */
export const visitTypeRef = (r: ScheduledRow) => ({ id: r.visit_type_id, code: r.vt_code, name: r.vt_name, modality: r.modality, durationMinutes: r.duration_minutes });
