/**
 * Single-table FHIR searches over the portal's tables: lab results as DiagnosticReports,
 * appointments, and the devices a patient used. Each reads one patient's rows (the route checked
 * access first) with the search's filters, one keyset page at a time.
 */
import type pg from 'pg';
import type { ParsedSearch } from '../search/search-request.ts';
import { codingsSatisfy } from '../search/search-request.ts';
import { labCodeCondition } from '../search/observation-codes.ts';
import type { AppointmentRow } from '../resources/appointment.ts';
import type { DeviceRow } from '../resources/device.ts';
import type { LabResultRow } from '../resources/lab-result.ts';
import { DEVICE_TYPE_MDC, MDC, V2_DIAGNOSTIC_SERVICE } from '../terminology.ts';
import { keysetPage } from './keyset-page.ts';
import { labVisibleCondition, type LabAccess } from './lab-visibility.ts';
import { SqlParams, exactInstantSql, instantConditions } from './sql-params.ts';

export interface PageRequest {
  patientId: string;
  search: ParsedSearch;
  after: { at: string; id: string } | null;
  limit: number;
}

export async function searchLabReports(db: pg.Pool, q: PageRequest, access: LabAccess) {
  const p = new SqlParams();
  const category = codingsSatisfy(q.search, 'category', [{ system: V2_DIAGNOSTIC_SERVICE, code: 'LAB' }]) ? 'TRUE' : 'FALSE';
  // labCodeCondition also checks an Observation `category`, which DiagnosticReport does not have
  const codes = labCodeCondition({ ...q.search, tokens: new Map([...q.search.tokens].filter(([k]) => k === 'code')) }, 'l.loinc', p);
  return keysetPage<LabResultRow>(db, {
    select: 'SELECT l.* FROM lab_results l',
    where: `l.patient_id = ${p.add(q.patientId)} AND ${category} AND ${codes} AND ${labVisibleCondition(access, p)} AND ${instantConditions('l.collected_at', q.search.dates, p)}`,
    params: p,
    at: { column: 'l.collected_at', type: 'timestamptz', text: exactInstantSql('l.collected_at') },
    id: 'l.id',
    order: q.search.sort.order,
    after: q.after,
    limit: q.limit,
    withTotal: q.search.withTotal,
  });
}

const APPOINTMENT_SELECT = `
  SELECT a.id, a.patient_id, a.status, a.starts_at, a.ends_at, a.reason, a.cancel_reason, a.booked_at,
         pr.display_name AS provider_name, lo.name AS location_name, vt.code AS visit_type_code, vt.name AS visit_type_name, vt.modality
    FROM appointments a
    JOIN providers pr ON pr.id = a.provider_id
    JOIN appointment_locations lo ON lo.id = a.location_id
    JOIN visit_types vt ON vt.id = a.visit_type_id`;

/** FHIR Appointment.status back to the feature's states, for the `status` search. */
const FROM_FHIR_STATUS: Record<string, string> = { booked: 'booked', cancelled: 'cancelled', fulfilled: 'completed', noshow: 'no_show' };

export async function searchAppointments(db: pg.Pool, q: PageRequest) {
  const p = new SqlParams();
  const statuses = Object.entries(FROM_FHIR_STATUS)
    .filter(([fhir]) => codingsSatisfy(q.search, 'status', [{ system: 'http://hl7.org/fhir/appointmentstatus', code: fhir }]))
    .map(([, ours]) => ours);
  return keysetPage<AppointmentRow>(db, {
    select: APPOINTMENT_SELECT,
    where: `a.patient_id = ${p.add(q.patientId)} AND a.status = ANY(${p.add(statuses)}::text[]) AND ${instantConditions('a.starts_at', q.search.dates, p)}`,
    params: p,
    at: { column: 'a.starts_at', type: 'timestamptz', text: exactInstantSql('a.starts_at') },
    id: 'a.id',
    order: q.search.sort.order,
    after: q.after,
    limit: q.limit,
    withTotal: q.search.withTotal,
  });
}

export async function readAppointment(db: pg.Pool, id: string): Promise<AppointmentRow | null> {
  const { rows } = await db.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Devices with the patient they were assigned to; `assigned_now` when an assignment covers `now`. */
const deviceSelect = (now: string) => `
  SELECT d.id, d.device_key, d.type, d.manufacturer, d.model, d.serial, d.ble_address, d.gateway_id, d.battery, d.last_sync_at,
         a.patient_id, bool_or(a.valid @> ${now}::timestamptz) AS assigned_now, max(lower(a.valid)) AS assigned_from
    FROM devices d JOIN device_assignments a ON a.device_id = d.id`;
const DEVICE_GROUP = 'GROUP BY d.id, a.patient_id';

export async function searchDevices(db: pg.Pool, q: PageRequest, now: Date) {
  const p = new SqlParams();
  const types = Object.entries(DEVICE_TYPE_MDC)
    .filter(([, mdc]) => codingsSatisfy(q.search, 'type', [{ system: MDC, code: mdc.code }]))
    .map(([type]) => type);
  return keysetPage<DeviceRow>(db, {
    select: `SELECT dv.* FROM (${deviceSelect(p.add(now))} WHERE a.patient_id = ${p.add(q.patientId)} ${DEVICE_GROUP}) dv`,
    where: `dv.type = ANY(${p.add(types)}::text[])`,
    params: p,
    at: { column: 'dv.device_key', type: 'text', text: 'dv.device_key' },
    id: 'dv.id',
    order: 'asc',
    after: q.after,
    limit: q.limit,
    withTotal: q.search.withTotal,
  });
}

/**
 * A device and the patient it was last assigned to (a device can move between patients; its
 * Device resource names the latest). Null when the device was never assigned.
 */
export async function readDevice(db: pg.Pool, id: string, now: Date): Promise<DeviceRow | null> {
  const { rows } = await db.query<DeviceRow>(`${deviceSelect('$2')} WHERE d.id = $1 ${DEVICE_GROUP} ORDER BY max(lower(a.valid)) DESC LIMIT 1`, [id, now]);
  return rows[0] ?? null;
}
