import { NotFoundError } from '../../../../common/src/errors/index.ts';
import { annotationsForReadings } from '../../annotations/repo.ts';
import type { Annotation } from '../../annotations/schemas.ts';
import { fhirAudit, guardScopes, type FhirRouteDeps } from '../fhir-access.ts';
import { fhirJson } from '../http/fhir-response.ts';
import { infoOutcome } from '../http/operation-outcome.ts';
import { labAccessOf } from '../repo/lab-visibility.ts';
import { labResultPatient, readLabResult, readReadingGroup, searchObservations, type ObservationRow } from '../repo/observation-repo.ts';
import { labObservation } from '../resources/lab-result.ts';
import { readingObservation } from '../resources/reading-observation.ts';
import { CGM_SUMMARY_CODES } from '../resources/cgm-summary.ts';
import { selectReadingCodes, labMayMatch } from '../search/observation-codes.ts';
import { codingsSatisfy, UUID_PATTERN, type ParsedSearch } from '../search/search-request.ts';
import { SEARCH_SPECS } from '../search/search-specs.ts';
import { groupMetrics } from '../terminology.ts';
import { fhirGet, validId, patientSearch, withCommon, type FhirRouter } from './fhir-route-kit.ts';

const READING_ID = new RegExp(`^(${UUID_PATTERN})-([a-z-]+)$`);
const LAB_ID = new RegExp(`^lab-(${UUID_PATTERN})$`);

export const toObservation = (row: ObservationRow, notes: ReadonlyMap<string, Annotation[]> = new Map()) =>
  row.kind === 'lab' ? labObservation(row.doc) : readingObservation(row.doc, notes.get(row.doc.readingId));

/** Whether the search names a CGM summary code, which no stored Observation has. */
const asksForCgmSummary = (s: ParsedSearch) => s.tokens.has('code') && Object.values(CGM_SUMMARY_CODES).some((code) => codingsSatisfy(s, 'code', [code]));

/**
 * GET /fhir/R4/Observation (search) and /fhir/R4/Observation/{id} (read). Device readings need
 * scope `readings`, lab results scope `results`; a search covering both returns what the caller
 * may read and says in an `outcome` entry what it left out.
 */
export function registerObservationRoutes(app: FhirRouter, deps: FhirRouteDeps): void {
  const spec = SEARCH_SPECS.Observation;
  fhirGet(app, { path: '/fhir/R4/Observation', summary: 'Search Observations of a patient (device readings, lab results)', returns: 'searchset Bundle of Observations', query: withCommon(spec) }, (c) =>
    patientSearch(c, deps, 'Observation', spec, async ({ patientId, search, after, limit }) => {
      const wantReadings = selectReadingCodes(search)?.length !== 0;
      const wantLabs = labMayMatch(search);
      // A search that can match nothing still checks access to the patient (as `readings`).
      const scopes: Array<'readings' | 'results'> = wantLabs ? (wantReadings ? ['readings', 'results'] : ['results']) : ['readings'];
      const granted = await guardScopes(c, deps, patientId, scopes, fhirAudit('Observation', 'search'));
      const results = granted.results ?? null;
      const { rows, total } = await searchObservations(deps.db, {
        patientId,
        search,
        sources: { readings: wantReadings && !!granted.readings, labs: results ? labAccessOf(results, deps.clock.now()) : null },
        after,
        limit,
      });
      const leftOut = scopes.filter((s) => !granted[s]).map((s) => (s === 'readings' ? 'device readings' : 'lab results'));
      const outcome = asksForCgmSummary(search)
        ? infoOutcome(`CGM summary Observations are computed, not stored: use GET Patient/${patientId}/$cgm-summary`)
        : leftOut.length
          ? infoOutcome(`left out: ${leftOut.join(' and ')} (your access does not include them)`, 'suppressed')
          : undefined;
      const readingIds = rows.flatMap((r) => (r.kind === 'lab' ? [] : [r.doc.readingId]));
      const notes = readingIds.length ? await annotationsForReadings(deps.db, patientId, readingIds) : new Map<string, Annotation[]>();
      return { items: rows.map((r) => ({ resource: toObservation(r, notes), at: r.at, id: r.id })), total, outcome };
    }),
  );

  fhirGet(app, { path: '/fhir/R4/Observation/{id}', summary: 'Read an Observation', returns: 'Observation', withId: true }, async (c) => {
    const id = validId(c);
    const reading = READING_ID.exec(id);
    if (reading && groupMetrics(reading[2]!)) {
      const group = await readReadingGroup(deps.db, reading[1]!, reading[2]!);
      if (!group) throw new NotFoundError(`no Observation ${id}`);
      await guardScopes(c, deps, group.patientId, ['readings'], fhirAudit('Observation', 'read', id));
      const notes = await annotationsForReadings(deps.db, group.patientId, [group.readingId]);
      return fhirJson(c, readingObservation(group, notes.get(group.readingId)));
    }
    const lab = LAB_ID.exec(id);
    const patientId = lab ? await labResultPatient(deps.db, lab[1]!) : null;
    if (!lab || !patientId) throw new NotFoundError(`no Observation ${id}`);
    const { results } = await guardScopes(c, deps, patientId, ['results'], fhirAudit('Observation', 'read', id));
    const row = await readLabResult(deps.db, lab[1]!, labAccessOf(results!, deps.clock.now()));
    // not yet released to this reader: as good as absent
    if (!row) throw new NotFoundError(`no Observation ${id}`);
    return fhirJson(c, labObservation(row));
  });
}
