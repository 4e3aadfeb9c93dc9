import { NotFoundError } from '../../../../common/src/errors/index.ts';
import { guardPatient } from '../../policy/patient-guard.ts';
import { fhirAudit, type FhirRouteDeps } from '../fhir-access.ts';
import { fhirJson } from '../http/fhir-response.ts';
import { labAccessOf } from '../repo/lab-visibility.ts';
import { labResultPatient, readLabResult } from '../repo/observation-repo.ts';
import { readAppointment, readDevice, searchAppointments, searchDevices, searchLabReports } from '../repo/portal-repos.ts';
import { appointmentResource } from '../resources/appointment.ts';
import { deviceResource } from '../resources/device.ts';
import { labDiagnosticReport } from '../resources/lab-result.ts';
import { isUuid } from '../search/search-request.ts';
import { SEARCH_SPECS } from '../search/search-specs.ts';
import { fhirGet, validId, patientSearch, withCommon, type FhirRouter } from './fhir-route-kit.ts';

const notFound = (type: string, id: string) => new NotFoundError(`no ${type} ${id}`);

/** Device (scope `record`), DiagnosticReport (scope `results`) and Appointment (scope `appointments`). */
export function registerPortalResourceRoutes(app: FhirRouter, deps: FhirRouteDeps): void {
  fhirGet(app, { path: '/fhir/R4/Device', summary: "Search a patient's devices", returns: 'searchset Bundle of Devices', query: withCommon(SEARCH_SPECS.Device) }, (c) =>
    patientSearch(c, deps, 'Device', SEARCH_SPECS.Device, async (q) => {
      await guardPatient(c, deps, q.patientId, 'record', fhirAudit('Device', 'search'));
      const { rows, total } = await searchDevices(deps.db, q, deps.clock.now());
      return { items: rows.map((r) => ({ resource: deviceResource(r), at: r._at, id: r._id })), total };
    }),
  );
  fhirGet(app, { path: '/fhir/R4/Device/{id}', summary: 'Read a Device (for the patient it was last assigned to)', returns: 'Device', withId: true }, async (c) => {
    const id = validId(c);
    const row = isUuid(id) ? await readDevice(deps.db, id, deps.clock.now()) : null;
    if (!row) throw notFound('Device', id);
    await guardPatient(c, deps, row.patient_id, 'record', fhirAudit('Device', 'read', id));
    return fhirJson(c, deviceResource(row));
  });

  fhirGet(app, { path: '/fhir/R4/DiagnosticReport', summary: "Search a patient's lab reports", returns: 'searchset Bundle of DiagnosticReports', query: withCommon(SEARCH_SPECS.DiagnosticReport) }, (c) =>
    patientSearch(c, deps, 'DiagnosticReport', SEARCH_SPECS.DiagnosticReport, async (q) => {
      const access = await guardPatient(c, deps, q.patientId, 'results', fhirAudit('DiagnosticReport', 'search'));
      const { rows, total } = await searchLabReports(deps.db, q, labAccessOf(access, deps.clock.now()));
      return { items: rows.map((r) => ({ resource: labDiagnosticReport(r), at: r._at, id: r._id })), total };
    }),
  );
  fhirGet(app, { path: '/fhir/R4/DiagnosticReport/{id}', summary: 'Read a lab report', returns: 'DiagnosticReport', withId: true }, async (c) => {
    const id = validId(c);
    const patientId = isUuid(id) ? await labResultPatient(deps.db, id) : null;
    if (!patientId) throw notFound('DiagnosticReport', id);
    const access = await guardPatient(c, deps, patientId, 'results', fhirAudit('DiagnosticReport', 'read', id));
    const row = await readLabResult(deps.db, id, labAccessOf(access, deps.clock.now()));
    if (!row) throw notFound('DiagnosticReport', id);
    return fhirJson(c, labDiagnosticReport(row));
  });

  fhirGet(app, { path: '/fhir/R4/Appointment', summary: "Search a patient's appointments", returns: 'searchset Bundle of Appointments', query: withCommon(SEARCH_SPECS.Appointment) }, (c) =>
    patientSearch(c, deps, 'Appointment', SEARCH_SPECS.Appointment, async (q) => {
      await guardPatient(c, deps, q.patientId, 'appointments', fhirAudit('Appointment', 'search'));
      const { rows, total } = await searchAppointments(deps.db, q);
      return { items: rows.map((r) => ({ resource: appointmentResource(r), at: r._at, id: r._id })), total };
    }),
  );
  fhirGet(app, { path: '/fhir/R4/Appointment/{id}', summary: 'Read an Appointment', returns: 'Appointment', withId: true }, async (c) => {
    const id = validId(c);
    const row = isUuid(id) ? await readAppointment(deps.db, id) : null;
    if (!row) throw notFound('Appointment', id);
    await guardPatient(c, deps, row.patient_id, 'appointments', fhirAudit('Appointment', 'read', id));
    return fhirJson(c, appointmentResource(row));
  });
}
