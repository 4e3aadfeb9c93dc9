/**
 * Sorting and filtering the worklist rows (pure). The default order is by priority: the sum of the
 * flags' weights (FLAG_WEIGHT: any urgent alert outranks everything else), then the oldest last
 * reading day, then the name, so equal rows keep a stable order between requests.
 */
import { FLAG_WEIGHT, type FlagCode, type WorklistFlag } from './flags/flag.ts';

export const WORKLIST_SORTS = ['priority', 'name', 'last_reading'] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

/** What ordering and filters look at in a row. */
export interface OrderableRow {
  patientId: string;
  familyName: string;
  givenName: string;
  lastReadingDate: string | null;
  flags: readonly WorklistFlag[];
  claim: { userId: string } | null;
  reviewedThisPeriod: boolean;
}

export interface WorklistFilter {
  /** Keep rows with at least one of these flags. */
  flags?: readonly FlagCode[];
  /** `me`: claimed by the caller; `others`: by someone else; `unclaimed`. */
  claimed?: 'me' | 'others' | 'unclaimed';
  reviewed?: boolean;
}

/** The priority score of a row: the sum of its flags' weights. */
export const priorityOf = (flags: readonly WorklistFlag[]): number => flags.reduce((s, f) => s + FLAG_WEIGHT[f.code], 0);

const byName = (a: OrderableRow, b: OrderableRow) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName) || a.patientId.localeCompare(b.patientId);
/** Oldest last reading first; never a reading before all. */
const byLastReading = (a: OrderableRow, b: OrderableRow) => (a.lastReadingDate ?? '').localeCompare(b.lastReadingDate ?? '');

const COMPARATORS: Record<WorklistSort, (a: OrderableRow, b: OrderableRow) => number> = {
  priority: (a, b) => priorityOf(b.flags) - priorityOf(a.flags) || byLastReading(a, b) || byName(a, b),
  name: byName,
  last_reading: (a, b) => byLastReading(a, b) || byName(a, b),
};

/** Rows matching every filter given, in the requested order (a new array). */
export function arrangeRows<R extends OrderableRow>(rows: readonly R[], sort: WorklistSort, filter: WorklistFilter, userId: string): R[] {
  const keep = (r: R) =>
    (!filter.flags?.length || r.flags.some((f) => filter.flags!.includes(f.code))) &&
    (filter.claimed === undefined ||
      (filter.claimed === 'unclaimed' ? r.claim === null : filter.claimed === 'me' ? r.claim?.userId === userId : r.claim !== null && r.claim.userId !== userId)) &&
    (filter.reviewed === undefined || r.reviewedThisPeriod === filter.reviewed);
  return rows.filter(keep).sort(COMPARATORS[sort]);
}
