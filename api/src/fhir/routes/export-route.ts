import { z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { ForbiddenError, NotFoundError } from '../../../../common/src/errors/index.ts';
import { fhirAudit, guardScopes, smartAllows, type FhirRouteDeps } from '../fhir-access.ts';
import { FHIR_NDJSON, type Resource } from '../http/fhir-response.ts';
import { labAccessOf } from '../repo/lab-visibility.ts';
import { searchObservations } from '../repo/observation-repo.ts';
import { readPatient } from '../repo/patient-repo.ts';
import { searchDevices } from '../repo/portal-repos.ts';
import { deviceResource } from '../resources/device.ts';
import { patientResource } from '../resources/patient.ts';
import { isUuid, parseSearch } from '../search/search-request.ts';
import { SEARCH_SPECS } from '../search/search-specs.ts';
import { fhirGet, validId, validQuery, type FhirRouter } from './fhir-route-kit.ts';
import { toObservation } from './observation-routes.ts';

const EXPORT_TYPES = ['Patient', 'Device', 'Observation'] as const;
/** Rows per database round trip while streaming: bounded memory whatever the record's size. */
const PAGE = 1000;

const ExportQuery = z.object({
  _type: z
    .string()
    .regex(/^(Patient|Device|Observation)(,(Patient|Device|Observation))*$/, 'a comma-separated list of Patient, Device, Observation')
    .optional()
    .openapi({ description: 'Resource types to export (default: all three)' }),
});

/**
 * GET /fhir/R4/Patient/{id}/$export: the patient's record as NDJSON (one resource per line, FHIR
 * Bulk Data format), streamed: Patient, then Devices, then Observations oldest first. Synchronous,
 * unlike the Bulk Data kick-off/poll flow, since one patient's record streams in seconds. Each
 * part needs its scope (record, readings, results); parts the caller may not read are left out.
 */
export function registerExportRoute(app: FhirRouter, deps: FhirRouteDeps): void {
  fhirGet(
    app,
    { path: '/fhir/R4/Patient/{id}/$export', summary: "Export a patient's record as NDJSON (Patient, Devices, Observations)", returns: 'FHIR NDJSON', withId: true, querySchema: ExportQuery, contentType: FHIR_NDJSON, smart: 'in-route' },
    async (c) => {
      const id = validId(c);
      // a SMART token exports the types its scopes name, as in Bulk Data
      const types = new Set((validQuery(c, ExportQuery)._type ?? EXPORT_TYPES.join(',')).split(',').filter((t) => smartAllows(c, t, 'read')));
      if (types.size === 0) throw new ForbiddenError("the token's SMART scopes allow none of the exported types (Patient, Device, Observation)");
      const patient = isUuid(id) ? await readPatient(deps.db, id) : null;
      if (!patient) throw new NotFoundError(`no Patient ${id}`);
      const granted = await guardScopes(c, deps, id, ['record', 'readings', 'results'], fhirAudit('Patient', 'export', id));
      const now = deps.clock.now();
      const all = parseSearch({ _sort: ['date'], _total: ['none'] }, SEARCH_SPECS.Observation);
      c.header('content-type', FHIR_NDJSON);
      return stream(
        c,
        async (out) => {
          const write = (r: Resource) => out.write(`${JSON.stringify(r)}\n`);
          if (granted.record && types.has('Patient')) await write(patientResource(patient));
          if (granted.record && types.has('Device')) {
            const { rows } = await searchDevices(deps.db, { patientId: id, search: all, after: null, limit: PAGE }, now);
            for (const r of rows) await write(deviceResource(r));
          }
          if (!types.has('Observation') || (!granted.readings && !granted.results)) return;
          const sources = { readings: !!granted.readings, labs: granted.results ? labAccessOf(granted.results, now) : null };
          for (let after: { at: string; id: string } | null = null; ; ) {
            const { rows } = await searchObservations(deps.db, { patientId: id, search: all, sources, after, limit: PAGE });
            for (const r of rows) await write(toObservation(r));
            const last = rows.at(-1);
            if (rows.length < PAGE || !last) break;
            after = { at: last.at, id: last.id };
          }
        },
        async (err) => {
          // The status line is gone by now: log it; the client sees a truncated stream.
          deps.logger.error({ err, patientId: id }, 'FHIR export failed while streaming');
        },
      );
    },
  );
}
