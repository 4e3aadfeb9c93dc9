/**
 * Reading annotations. `annotationsFor` and `annotationsForReadings` are the functions other
 * features call to return annotations with readings, trends and FHIR Observations (see
 * docs/rpm-workflow.md, "Annotations in FHIR"); like every repository here they check nothing
 * about the caller, so call them after guardPatient.
 */
import type pg from 'pg';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';
import type { Annotation, AnnotationDetail } from './schemas.ts';

type Db = Pick<pg.Pool, 'query'>;

interface AnnotationRow {
  id: string;
  patient_id: string;
  reading_id: string | null;
  at: Date;
  kind: Annotation['kind'];
  detail: AnnotationDetail;
  note: string | null;
  author_id: string;
  author_role: string;
  created_at: Date;
}

const toAnnotation = (r: AnnotationRow): Annotation => ({
  id: r.id,
  patientId: r.patient_id,
  readingId: r.reading_id,
  at: r.at.toISOString(),
  kind: r.kind,
  detail: r.detail,
  note: r.note,
  author: { userId: r.author_id, role: r.author_role },
  createdAt: r.created_at.toISOString(),
});

/**
 * A patient's annotations with `at` in `[from, to)`, oldest first, deleted ones left out.
 *
 * @example const notes = await annotationsFor(db, patientId, period.from, period.to)
 */
export async function annotationsFor(db: Db, patientId: string, from: Date, to: Date): Promise<Annotation[]> {
  const { rows } = await db.query<AnnotationRow>('SELECT * FROM reading_annotations WHERE patient_id = $1 AND at >= $2 AND at < $3 AND deleted_at IS NULL ORDER BY at, created_at', [patientId, from, to]);
  return rows.map(toAnnotation);
}

/** The annotations tied to some readings (by reading id), for a page of readings or Observations. */
export async function annotationsForReadings(db: Db, patientId: string, readingIds: readonly string[]): Promise<Map<string, Annotation[]>> {
  const out = new Map<string, Annotation[]>();
  if (!readingIds.length) return out;
  const { rows } = await db.query<AnnotationRow>('SELECT * FROM reading_annotations WHERE patient_id = $1 AND reading_id = ANY($2::uuid[]) AND deleted_at IS NULL ORDER BY at, created_at', [patientId, readingIds]);
  for (const a of rows.map(toAnnotation)) out.set(a.readingId!, [...(out.get(a.readingId!) ?? []), a]);
  return out;
}

/**
 * Add an annotation. Naming a reading ties the annotation to it and takes its measurement time.
 *
 * @throws ValidationError when the reading is not one of the patient's
 */
export async function createAnnotation(
  db: Db,
  input: { patientId: string; readingId?: string | undefined; at?: string | undefined; detail: AnnotationDetail; note?: string | undefined; author: { userId: string; role: string }; now: Date },
): Promise<Annotation> {
  let at = input.at ? new Date(input.at) : null;
  if (input.readingId) {
    const { rows } = await db.query<{ measured_at: Date }>('SELECT measured_at FROM readings WHERE patient_id = $1 AND reading_id = $2 LIMIT 1', [input.patientId, input.readingId]);
    if (!rows[0]) throw new ValidationError('no such reading of this patient', [{ path: 'readingId', message: 'not a reading of this patient' }]);
    at = rows[0].measured_at;
  }
  const { rows } = await db.query<AnnotationRow>(
    `INSERT INTO reading_annotations (patient_id, reading_id, at, kind, detail, note, author_id, author_role, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [input.patientId, input.readingId ?? null, at, input.detail.kind, JSON.stringify(input.detail), input.note ?? null, input.author.userId, input.author.role, input.now],
  );
  return toAnnotation(rows[0]!);
}

/**
 * Remove an annotation (kept, marked deleted, for the audit trail). Its author may remove it, and
 * so may the patient: it is their record.
 *
 * @throws NotFoundError when there is no such annotation of the patient
 * @throws ForbiddenError when the caller is neither the author nor the patient
 */
export async function deleteAnnotation(db: Db, patientId: string, annotationId: string, by: { userId: string; isPatient: boolean }, now: Date): Promise<void> {
  const { rows } = await db.query<{ author_id: string }>('SELECT author_id FROM reading_annotations WHERE id = $1 AND patient_id = $2 AND deleted_at IS NULL', [annotationId, patientId]);
  if (!rows[0]) throw new NotFoundError('no such annotation');
  if (rows[0].author_id !== by.userId && !by.isPatient) throw new ForbiddenError('only the author or the patient may remove an annotation');
  await db.query('UPDATE reading_annotations SET deleted_at = $3, deleted_by = $4 WHERE id = $1 AND patient_id = $2 AND deleted_at IS NULL', [annotationId, patientId, now, by.userId]);
}
