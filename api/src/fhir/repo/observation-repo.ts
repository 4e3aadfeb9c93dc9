/**
 * Observations come from two tables: device readings (grouped per reading: the BP metrics of one
 * reading are one panel) and lab results. A search reads both in one query (UNION ALL) ordered by
 * effective time and id, so one keyset cursor pages through both.
 */
import type pg from 'pg';
import type { ParsedSearch } from '../search/search-request.ts';
import { labCodeCondition, readingCodeCondition, selectReadingCodes } from '../search/observation-codes.ts';
import type { ReadingGroup } from '../resources/reading-observation.ts';
import { BP_METRICS } from '../terminology.ts';
import type { LabResultRow } from '../resources/lab-result.ts';
import { labVisibleCondition, type LabAccess } from './lab-visibility.ts';
import { SqlParams, exactInstantSql, fhirInstantSql, instantConditions, keysetCondition } from './sql-params.ts';

export type ObservationRow = { kind: 'reading'; doc: ReadingGroup; at: string; id: string } | { kind: 'lab'; doc: LabResultRow; at: string; id: string };

/** Which sources a search may read: readings needs scope `readings`, labs scope `results`. */
export interface ObservationSources {
  readings: boolean;
  labs: LabAccess | null;
}

/** A reading with the characteristic of CGM measurements, or from a device registered as a CGM. */
const CGM_SQL = `(r.characteristic = '2AA7' OR d.type = 'cgm')`;

/** The Observation group of a reading row (see groupMetrics in terminology.ts); constants only. */
const GROUP_SQL = `CASE WHEN r.metric IN (${BP_METRICS.map((m) => `'${m}'`).join(', ')}) THEN 'bp' ELSE replace(r.metric, '_', '-') END`;

/** One row per reading group, as the document readingObservation() takes. */
const READING_GROUP_SELECT = `
  SELECT r.measured_at AS effective_at,
         r.reading_id::text || '-' || ${GROUP_SQL} AS obs_id,
         'reading' AS kind,
         jsonb_build_object(
           'readingId', r.reading_id, 'group', ${GROUP_SQL}, 'patientId', r.patient_id,
           'measuredAt', ${fhirInstantSql('r.measured_at')}, 'receivedAt', ${fhirInstantSql('r.received_at')},
           'deviceId', r.device_id, 'deviceType', d.type, 'deviceName', nullif(concat_ws(' ', d.manufacturer, d.model), ''),
           'gatewayId', r.gateway_id, 'characteristic', r.characteristic, 'deviceTime', r.device_time, 'flags', r.flags,
           'values', jsonb_agg(jsonb_build_object('metric', r.metric, 'value', r.value, 'unit', r.unit,
                                                  'originalValue', r.original_value, 'originalUnit', r.original_unit) ORDER BY r.metric DESC)
         ) AS doc
    FROM readings r LEFT JOIN devices d ON d.id = r.device_id`;
// One reading's rows share every column but metric and value, so grouping by them is exact.
const READING_GROUP_BY = `GROUP BY r.reading_id, ${GROUP_SQL}, r.measured_at, r.patient_id, r.device_id, d.type, d.manufacturer, d.model, r.gateway_id, r.characteristic, r.device_time, r.flags, r.received_at`;

const LAB_SELECT = `SELECT l.collected_at AS effective_at, 'lab-' || l.id::text AS obs_id, 'lab' AS kind, to_jsonb(l) AS doc FROM lab_results l`;

function branches(patientId: string, s: ParsedSearch, sources: ObservationSources, p: SqlParams): string[] {
  const patient = p.add(patientId);
  const out: string[] = [];
  if (sources.readings) {
    const codes = readingCodeCondition(selectReadingCodes(s), CGM_SQL, p);
    if (codes !== 'FALSE') out.push(`${READING_GROUP_SELECT} WHERE r.patient_id = ${patient} AND ${codes} AND ${instantConditions('r.measured_at', s.dates, p)} ${READING_GROUP_BY}`);
  }
  if (sources.labs) {
    const codes = labCodeCondition(s, 'l.loinc', p);
    if (codes !== 'FALSE') out.push(`${LAB_SELECT} WHERE l.patient_id = ${patient} AND ${codes} AND ${labVisibleCondition(sources.labs, p)} AND ${instantConditions('l.collected_at', s.dates, p)}`);
  }
  return out;
}

/**
 * One page of an Observation search for one patient, newest or oldest first, after the keyset.
 * @returns the page's rows (one more than `limit` when another page follows) and the total
 */
export async function searchObservations(
  db: pg.Pool,
  q: { patientId: string; search: ParsedSearch; sources: ObservationSources; after: { at: string; id: string } | null; limit: number },
): Promise<{ rows: ObservationRow[]; total: number | undefined }> {
  const p = new SqlParams();
  const parts = branches(q.patientId, q.search, q.sources, p);
  if (!parts.length) return { rows: [], total: q.search.withTotal ? 0 : undefined };
  const union = parts.join(' UNION ALL ');
  const countParams = [...p.values];
  const order = q.search.sort.order === 'desc' ? 'DESC' : 'ASC';
  const keyset = keysetCondition({ at: 'o.effective_at', id: 'o.obs_id', atType: 'timestamptz' }, q.search.sort.order, q.after, p);
  const { rows } = await db.query<{ kind: 'reading' | 'lab'; doc: never; at: string; id: string }>(
    `SELECT o.kind, o.doc, ${exactInstantSql('o.effective_at')} AS at, o.obs_id AS id
       FROM (${union}) o WHERE ${keyset}
      ORDER BY o.effective_at ${order}, o.obs_id ${order} LIMIT ${p.add(q.limit)}`,
    p.values,
  );
  const total = q.search.withTotal ? (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${union}) o`, countParams)).rows[0]!.n : undefined;
  return { rows: rows.map((r) => (r.kind === 'lab' ? { ...r, kind: 'lab', doc: labRow(r.doc) } : { ...r, kind: 'reading' })), total };
}

/** to_jsonb writes timestamps as text; the builders take Dates. */
function labRow(doc: Record<string, unknown>): LabResultRow {
  const date = (v: unknown) => (v === null ? null : new Date(v as string));
  return { ...(doc as unknown as LabResultRow), collected_at: date(doc.collected_at)!, resulted_at: date(doc.resulted_at)!, verified_at: date(doc.verified_at) };
}

/** One reading group by its Observation id parts; null when there is no such reading. */
export async function readReadingGroup(db: pg.Pool, readingId: string, group: string): Promise<ReadingGroup | null> {
  const { rows } = await db.query<{ doc: ReadingGroup }>(`${READING_GROUP_SELECT} WHERE r.reading_id = $1 AND ${GROUP_SQL} = $2 ${READING_GROUP_BY}`, [readingId, group]);
  return rows[0]?.doc ?? null;
}

/** The patient a lab result belongs to (for the access check before reading it). */
export async function labResultPatient(db: pg.Pool, id: string): Promise<string | null> {
  const { rows } = await db.query<{ patient_id: string }>('SELECT patient_id FROM lab_results WHERE id = $1', [id]);
  return rows[0]?.patient_id ?? null;
}

/** One lab result the reader may see; null when there is none (or it is not visible to them). */
export async function readLabResult(db: pg.Pool, id: string, access: LabAccess): Promise<LabResultRow | null> {
  const p = new SqlParams();
  const { rows } = await db.query<LabResultRow>(`SELECT l.* FROM lab_results l WHERE l.id = ${p.add(id)} AND ${labVisibleCondition(access, p)}`, p.values);
  return rows[0] ?? null;
}
