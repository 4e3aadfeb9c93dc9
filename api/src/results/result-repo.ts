import type { z } from '@hono/zod-openapi';
import type pg from 'pg';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';
import { inTransaction } from '../../../db/src/transaction.ts';
import type { AllowedAccess } from '../policy/patient-guard.ts';
import type { ResultCategory } from './categories.ts';
import { computeFlag, isCritical, type Flag } from './flags.ts';
import type { NewResult } from './schemas.ts';

export interface ResultRow {
  id: string;
  clinic_id: string;
  patient_id: string;
  ordered_by: string;
  ordered_by_name: string;
  loinc: string;
  display_name: string;
  category: ResultCategory;
  value_numeric: number | null;
  value_text: string | null;
  unit: string | null;
  ref_low: number | null;
  ref_high: number | null;
  ref_text: string | null;
  flag: Flag | null;
  flag_computed: boolean;
  adolescent_confidential: boolean;
  comment: string | null;
  collected_at: Date;
  resulted_at: Date;
  verified_at: Date | null;
  release_at: Date | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toResult = (r: ResultRow) => ({
  id: r.id,
  patientId: r.patient_id,
  loinc: r.loinc,
  displayName: r.display_name,
  category: r.category,
  value: r.value_numeric ?? r.value_text ?? '',
  unit: r.unit,
  referenceRange: { low: r.ref_low, high: r.ref_high, text: r.ref_text },
  flag: r.flag,
  flagComputed: r.flag_computed,
  critical: isCritical(r.flag),
  adolescentConfidential: r.adolescent_confidential,
  comment: r.comment,
  collectedAt: r.collected_at.toISOString(),
  resultedAt: r.resulted_at.toISOString(),
  orderedBy: { id: r.ordered_by, displayName: r.ordered_by_name },
  verifiedAt: iso(r.verified_at),
  releaseAt: iso(r.release_at),
});

const SELECT_RESULT = 'SELECT r.*, u.display_name AS ordered_by_name FROM lab_results r JOIN users u ON u.id = r.ordered_by';

/**
 * Who is looking. The patient and proxies see a result only once it is released (verified by the
 * ordering clinician, then the category's delay) and only through the policy's filters (sensitive
 * categories, adolescent confidentiality); staff with access see everything, unverified included.
 */
export interface ResultViewer {
  patientSide: boolean;
  hiddenCategories: string[];
  hideAdolescentConfidential: boolean;
}

export const viewerOf = (d: AllowedAccess): ResultViewer => ({
  patientSide: d.via === 'self' || d.via === 'proxy',
  hiddenCategories: d.hiddenCategories,
  hideAdolescentConfidential: d.hideAdolescentConfidential,
});

/** The viewer's filter on `r`, using parameters $2 to $5 (see {@link visibleParams}). */
const VISIBLE = `(NOT $2::boolean OR (r.release_at <= $3 AND r.category <> ALL($4::text[]) AND NOT (r.adolescent_confidential AND $5::boolean)))`;
const visibleParams = (v: ResultViewer, now: Date) => [v.patientSide, now, v.hiddenCategories, v.hideAdolescentConfidential];

export interface CatalogEntry {
  loinc: string;
  display_name: string;
  unit: string | null;
  critical_low: number | null;
  critical_high: number | null;
  explanation: string;
}

async function catalogEntry(db: Pick<pg.Pool, 'query'>, loinc: string): Promise<CatalogEntry | null> {
  const { rows } = await db.query<CatalogEntry>('SELECT * FROM lab_test_catalog WHERE loinc = $1', [loinc]);
  return rows[0] ?? null;
}

/** One patient's results as one viewer may see them at one instant; every query applies the filter. */
export function resultRepo(db: pg.Pool, patientId: string, viewer: ResultViewer, now: Date) {
  const params = [patientId, ...visibleParams(viewer, now)];
  return {
    async list(q: { category?: ResultCategory | undefined; loinc?: string | undefined; limit: number }) {
      const { rows } = await db.query<ResultRow>(
        `${SELECT_RESULT} WHERE r.patient_id = $1 AND ${VISIBLE} AND ($6::text IS NULL OR r.category = $6) AND ($7::text IS NULL OR r.loinc = $7)
          ORDER BY r.collected_at DESC, r.id LIMIT $8`,
        [...params, q.category ?? null, q.loinc ?? null, q.limit],
      );
      return rows.map(toResult);
    },
    /** @throws NotFoundError when there is no such result or the viewer may not see it (yet) */
    async get(resultId: string) {
      const { rows } = await db.query<ResultRow>(`${SELECT_RESULT} WHERE r.patient_id = $1 AND ${VISIBLE} AND r.id = $6`, [...params, resultId]);
      if (!rows[0]) throw new NotFoundError('no such result');
      const entry = await catalogEntry(db, rows[0].loinc);
      return { ...toResult(rows[0]), explanation: entry?.explanation ?? null };
    },
    /** The numeric history of one test, oldest first, with the newest reference range. */
    async trend(loinc: string) {
      const [{ rows }, entry] = await Promise.all([
        db.query<ResultRow>(`${SELECT_RESULT} WHERE r.patient_id = $1 AND ${VISIBLE} AND r.loinc = $6 AND r.value_numeric IS NOT NULL ORDER BY r.collected_at, r.id`, [...params, loinc]),
        catalogEntry(db, loinc),
      ]);
      const latest = rows.at(-1);
      return {
        loinc,
        displayName: latest?.display_name ?? entry?.display_name ?? null,
        unit: latest?.unit ?? entry?.unit ?? null,
        referenceRange: latest ? { low: latest.ref_low, high: latest.ref_high, text: latest.ref_text } : null,
        explanation: entry?.explanation ?? null,
        points: rows.map((r) => ({ resultId: r.id, collectedAt: r.collected_at.toISOString(), value: r.value_numeric!, unit: r.unit, flag: r.flag })),
      };
    },
  };
}

/**
 * Record a result from the lab. The flag is the lab's when sent, else computed from the reference
 * range and the critical limits (the lab's, else the catalog's). A critical result opens a task for
 * the care team to call the patient, in the same transaction.
 *
 * @throws ValidationError for an unknown test without a display name, or an ordering user who is not a clinician of the clinic
 */
export async function createResult(db: pg.Pool, input: z.infer<typeof NewResult>, ctx: { clinicId: string; patientId: string; orderedBy: string; now: Date }): Promise<{ result: ReturnType<typeof toResult>; taskId: string | null }> {
  return inTransaction(db, async (tx) => {
    const entry = await catalogEntry(tx, input.loinc);
    const displayName = input.displayName ?? entry?.display_name;
    if (!displayName) throw new ValidationError('this test is not in the catalog: give its display name', [{ path: 'displayName', message: 'required for this LOINC code' }]);
    const orderer = await tx.query("SELECT 1 FROM users WHERE id = $1 AND role = 'clinician' AND clinic_id = $2 AND disabled_at IS NULL", [ctx.orderedBy, ctx.clinicId]);
    if (!orderer.rowCount) throw new ValidationError('the ordering clinician must be a clinician of this clinic', [{ path: 'orderedBy', message: 'not a clinician of this clinic' }]);
    const numeric = typeof input.value === 'number' ? input.value : null;
    const range = input.referenceRange ?? {};
    const critical = { low: input.criticalRange?.low ?? entry?.critical_low, high: input.criticalRange?.high ?? entry?.critical_high };
    const flag = input.flag ?? (numeric === null ? null : computeFlag(numeric, range, critical));
    const { rows } = await tx.query<ResultRow>(
      `INSERT INTO lab_results (clinic_id, patient_id, ordered_by, loinc, display_name, category, value_numeric, value_text, unit, ref_low, ref_high, ref_text,
                                flag, flag_computed, adolescent_confidential, comment, collected_at, resulted_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       RETURNING *, (SELECT display_name FROM users WHERE id = $3) AS ordered_by_name`,
      [
        ctx.clinicId, ctx.patientId, ctx.orderedBy, input.loinc, displayName, input.category, numeric, numeric === null ? input.value : null, input.unit ?? entry?.unit ?? null,
        range.low ?? null, range.high ?? null, range.text ?? null, flag, input.flag === undefined && flag !== null, input.adolescentConfidential, input.comment ?? null,
        new Date(input.collectedAt), input.resultedAt ? new Date(input.resultedAt) : ctx.now, ctx.now,
      ],
    );
    const row = rows[0]!;
    let taskId: string | null = null;
    if (isCritical(flag)) {
      const t = await tx.query<{ id: string }>(
        `INSERT INTO care_tasks (clinic_id, patient_id, kind, result_id, created_at) VALUES ($1, $2, 'call_patient_critical_result', $3, $4) RETURNING id`,
        [ctx.clinicId, ctx.patientId, row.id, ctx.now],
      );
      taskId = t.rows[0]!.id;
    }
    return { result: toResult(row), taskId };
  });
}

/**
 * The ordering clinician verifies a result; it is released to the patient after the delay the
 * clinic set for its category (none: at once). The release time is fixed now, so changing a delay
 * later does not move results already verified.
 *
 * @throws ForbiddenError when the caller did not order it
 * @throws ConflictError when it is already verified
 */
export async function verifyResult(db: pg.Pool, patientId: string, resultId: string, clinicianId: string, now: Date) {
  return inTransaction(db, async (tx) => {
    const { rows } = await tx.query<ResultRow>('SELECT * FROM lab_results WHERE id = $1 AND patient_id = $2 FOR UPDATE', [resultId, patientId]);
    const r = rows[0];
    if (!r) throw new NotFoundError('no such result');
    if (r.ordered_by !== clinicianId) throw new ForbiddenError('only the ordering clinician can verify this result', { extra: { code: 'not_ordering_clinician' } });
    if (r.verified_at) throw new ConflictError('this result is already verified');
    const updated = await tx.query<ResultRow>(
      `UPDATE lab_results r SET verified_at = $2, verified_by = $3,
              release_at = $2::timestamptz + COALESCE((SELECT delay FROM result_release_delays d WHERE d.clinic_id = r.clinic_id AND d.category = r.category), interval '0')
        WHERE id = $1 RETURNING *, (SELECT display_name FROM users WHERE id = r.ordered_by) AS ordered_by_name`,
      [resultId, now, clinicianId],
    );
    return toResult(updated.rows[0]!);
  });
}

/** Results a clinician ordered that still wait for their verification, oldest first. */
export async function unverifiedOrderedBy(db: pg.Pool, clinicianId: string) {
  const { rows } = await db.query<ResultRow>(`${SELECT_RESULT} WHERE r.ordered_by = $1 AND r.verified_at IS NULL ORDER BY r.resulted_at, r.id`, [clinicianId]);
  return rows.map(toResult);
}
