import { NotFoundError } from '../../../../common/src/errors/index.ts';
import { userOf } from '../../auth/require.ts';
import { guardPatient } from '../../policy/patient-guard.ts';
import { fhirAudit, type FhirRouteDeps } from '../fhir-access.ts';
import { fhirBase, fhirJson } from '../http/fhir-response.ts';
import { readPatient, searchRelatedPatients } from '../repo/patient-repo.ts';
import { patientResource } from '../resources/patient.ts';
import { searchFingerprint } from '../search/page-cursor.ts';
import { isUuid, parseSearch } from '../search/search-request.ts';
import { SEARCH_SPECS } from '../search/search-specs.ts';
import { answerPage, fhirGet, validId, withCommon, type FhirRouter } from './fhir-route-kit.ts';

/**
 * GET /fhir/R4/Patient (the patients the caller is related to) and /fhir/R4/Patient/{id}, scope
 * `record`. A search reads candidates related to the caller, then puts every patient of the page
 * through guardPatient, so each patient's audit trail shows the search.
 */
export function registerPatientRoutes(app: FhirRouter, deps: FhirRouteDeps): void {
  const spec = SEARCH_SPECS.Patient;
  fhirGet(app, { path: '/fhir/R4/Patient', summary: 'Search the patients you may see (yourself, your proxy grants, your care teams)', returns: 'searchset Bundle of Patients', query: withCommon(spec) }, async (c) => {
    const user = userOf(c);
    const search = parseSearch(c.req.queries(), spec, c.req.header('prefer'));
    const base = fhirBase(deps.publicUrl);
    return answerPage(c, { base, resourceType: 'Patient', search, fingerprint: searchFingerprint('Patient', user.userId, search.used) }, async (after, limit) => {
      const { rows, total } = await searchRelatedPatients(deps.db, { user, search, after, limit, now: deps.clock.now() });
      for (const r of rows.slice(0, search.count)) await guardPatient(c, deps, r.id, 'record', fhirAudit('Patient', 'search'));
      return { items: rows.map((r) => ({ resource: patientResource(r), at: r._at, id: r._id })), total };
    });
  });

  fhirGet(app, { path: '/fhir/R4/Patient/{id}', summary: 'Read a Patient', returns: 'Patient', withId: true }, async (c) => {
    const id = validId(c);
    const row = isUuid(id) ? await readPatient(deps.db, id) : null;
    if (!row) throw new NotFoundError(`no Patient ${id}`);
    await guardPatient(c, deps, id, 'record', fhirAudit('Patient', 'read', id));
    return fhirJson(c, patientResource(row));
  });
}
