/**
 * How the RPM lists (worklist rows, billing lines) name a patient: ids and names for the staff
 * screen, and the zone every local day and month of the patient is counted in.
 */
export interface PatientLabel {
  patientId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  timeZone: string;
}

/** The {@link PatientLabel} columns of `patients p`, for a SELECT list. */
export const PATIENT_LABEL_COLUMNS = `p.id AS "patientId", p.mrn, p.given_name AS "givenName", p.family_name AS "familyName", p.timezone AS "timeZone"`;
