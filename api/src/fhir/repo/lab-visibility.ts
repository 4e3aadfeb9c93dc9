import type { AllowedAccess } from '../../policy/patient-guard.ts';
import { visibleFilter } from '../../portal-records/visibility.ts';
import type { SqlParams } from './sql-params.ts';

/**
 * Which lab results a reader sees, from their access decision (scope `results`): clinicians (care
 * team, break-the-glass) see every result, preliminary ones included; the patient and proxies see
 * a result once it is released (verified, and past its category's release delay), and proxies
 * never see hidden sensitive categories or an adolescent's confidential results.
 */
export interface LabAccess {
  staff: boolean;
  access: Pick<AllowedAccess, 'hiddenCategories' | 'hideAdolescentConfidential'>;
  now: Date;
}

export function labAccessOf(access: AllowedAccess, now: Date): LabAccess {
  // the same split as the results feature (api/src/results/result-repo.ts viewerOf)
  return { staff: access.via !== 'self' && access.via !== 'proxy', access, now };
}

/** SQL over `lab_results l` keeping the rows the reader may see. */
export function labVisibleCondition(a: LabAccess, p: SqlParams): string {
  const released = a.staff ? 'TRUE' : `(l.release_at IS NOT NULL AND l.release_at <= ${p.add(a.now)})`;
  const f = visibleFilter(a.access, { category: 'l.category', confidential: 'l.adolescent_confidential' }, p.next);
  for (const v of f.params) p.add(v);
  return `${released} AND ${f.sql}`;
}
