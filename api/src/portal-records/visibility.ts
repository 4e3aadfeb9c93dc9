import { z } from '@hono/zod-openapi';
import type { AllowedAccess } from '../policy/patient-guard.ts';

/** Categories hidden from proxies unless the patient shares them (patient_privacy). */
export const SensitiveCategory = z.enum(['behavioral_health', 'substance_use', 'sexual_health']);
export type SensitiveCategory = z.infer<typeof SensitiveCategory>;

/** The filters of an allowed access decision (for patients and clinicians they hide nothing). */
export type Visibility = Pick<AllowedAccess, 'hiddenCategories' | 'hideAdolescentConfidential'>;

/** Sees everything: for the patient's own writes and for seeds. */
export const SEES_ALL: Visibility = { hiddenCategories: [], hideAdolescentConfidential: false };

/**
 * SQL condition that keeps only the rows the viewer may see, with its parameters: rows of a hidden
 * sensitive category, and (for a parent of an adolescent) rows marked confidential, are left out.
 *
 * @param cols - column expressions, e.g. `{ category: 'm.category', confidential: 'm.confidential' }`
 * @param first - number of the first parameter the condition uses (`$first`, `$first + 1`)
 * @example
 * const f = visibleFilter(access, { category: 'p.category', confidential: 'p.confidential' }, 2);
 * db.query(`SELECT * FROM problems p WHERE p.patient_id = $1 AND ${f.sql}`, [patientId, ...f.params]);
 */
export function visibleFilter(v: Visibility, cols: { category: string; confidential?: string }, first: number): { sql: string; params: unknown[] } {
  const category = `(${cols.category} IS NULL OR NOT (${cols.category} = ANY($${first}::text[])))`;
  if (!cols.confidential) return { sql: category, params: [[...v.hiddenCategories]] };
  return { sql: `${category} AND NOT ($${first + 1}::boolean AND ${cols.confidential})`, params: [[...v.hiddenCategories], v.hideAdolescentConfidential] };
}
