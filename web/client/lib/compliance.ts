import { api } from './api.ts';

export interface CurrentPeriod {
  startDate: string;
  endDate: string;
  daysWithReadings: number;
  daysSoFar: number;
  qualifies: boolean;
  outlook: { daysNeeded: number; daysRemaining: number; canStillQualify: boolean; atRisk: boolean };
}
export interface ComplianceRow {
  patientId: string;
  givenName: string;
  familyName: string;
  mrn: string;
  current: CurrentPeriod;
}
export interface ClinicCompliance {
  requiredDays: number;
  periodDays: number;
  patients: ComplianceRow[];
}

export const clinicCompliance = () => api<ClinicCompliance>('GET', '/v1/clinics/compliance?all=true');

/** Days of this period so far without a reading. */
export const missedDays = (p: CurrentPeriod): number => Math.max(0, p.daysSoFar - p.daysWithReadings);

/** "9 of 16 reading days; needs 7 more in 12 days" */
export function complianceText(p: CurrentPeriod, required: number): string {
  if (p.qualifies) return `${p.daysWithReadings} of ${required} reading days: done for this period`;
  return `${p.daysWithReadings} of ${required} reading days; needs ${p.outlook.daysNeeded} more in ${p.outlook.daysRemaining} days`;
}
