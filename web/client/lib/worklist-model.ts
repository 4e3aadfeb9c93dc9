/**
 * The clinician panel's view of the triage worklist API (api/src/worklist, docs/rpm-workflow.md):
 * row types as the API sends them, flag names in words, where each flag's evidence is shown in the
 * portal, and the query the panel's sort and filter controls ask for. Pure, so it is unit-tested.
 */

import type { z } from '@hono/zod-openapi';
// the API's zod schemas are the one source of these shapes; type-only, so nothing of the API is bundled
import type { Worklist as WorklistSchema } from '../../../api/src/worklist/schemas.ts';
import { FLAG_CODES, type FlagCode } from '../../../api/src/worklist/flags/flag.ts';
import type { WorklistSort } from '../../../api/src/worklist/ordering.ts';

export type { WorklistSort };
export type WorklistFlagCode = FlagCode;
/** Every flag code, in the API's order (flag.ts has no imports, so the bundle takes only this list). */
export const WORKLIST_FLAG_CODES = FLAG_CODES;
export type Worklist = z.infer<typeof WorklistSchema>;
export type WorklistRow = Worklist['patients'][number];

export interface CareTeam {
  id: string;
  name: string;
}

/** Flags in words a busy clinician scans: colour is never the only signal. */
export const FLAG_WORDS: Record<WorklistFlagCode, string> = {
  urgent_alerts: 'Urgent alert',
  glucose_below_range: 'Time below range',
  glucose_time_in_range_low: 'Time in range under 70%',
  bp_high: 'Blood pressure 140/90 or more',
  weight_gain: 'Weight gain',
  missed_days: 'Missed reading days',
  compliance_at_risk: 'Reading days at risk',
};

/** The flags the clinical team acts on first get the urgent badge, the rest the plain flag one. */
export const flagBadge = (code: WorklistFlagCode): string => (code === 'urgent_alerts' || code === 'glucose_below_range' ? 'badge-urgent' : 'badge-flag');

/** The heading (an id the patient view's shell has) of the part that shows a flag's evidence. */
const EVIDENCE_SECTION: Record<WorklistFlagCode, { anchor: string; words: string }> = {
  urgent_alerts: { anchor: 'patient-alerts-title', words: 'alerts' },
  weight_gain: { anchor: 'patient-alerts-title', words: 'alerts' },
  glucose_below_range: { anchor: 'glucose-tir-title', words: 'time in range' },
  glucose_time_in_range_low: { anchor: 'glucose-tir-title', words: 'time in range' },
  bp_high: { anchor: 'bp-trend-title', words: 'blood pressure readings' },
  missed_days: { anchor: 'patient-compliance-title', words: 'reading days' },
  compliance_at_risk: { anchor: 'patient-compliance-title', words: 'reading days' },
};

/**
 * A link a person can follow to a flag's evidence: the API's `evidence` is a JSON path (report,
 * alert, readings), so the panel links the section of the patient view that draws the same data.
 * The URL holds the patient id and a section name only, never values.
 */
export function evidenceLink(patientId: string, code: WorklistFlagCode): { href: string; text: string } {
  const s = EVIDENCE_SECTION[code];
  return { href: `/app/clinic/patients/${encodeURIComponent(patientId)}#${s.anchor}`, text: `See the ${s.words}` };
}

/** What the panel's controls ask of the API: a sort and at most one of each filter. */
export interface WorklistView {
  sort: WorklistSort;
  flag: WorklistFlagCode | '';
  claimed: 'me' | 'others' | 'unclaimed' | '';
  reviewed: 'true' | 'false' | '';
}

export const DEFAULT_VIEW: WorklistView = { sort: 'priority', flag: '', claimed: '', reviewed: '' };

/** The worklist request of a team for a view (empty filters left out, as the API defaults them). */
export function worklistPath(teamId: string, v: WorklistView): string {
  const q = new URLSearchParams({ sort: v.sort });
  if (v.flag) q.set('flags', v.flag);
  if (v.claimed) q.set('claimed', v.claimed);
  if (v.reviewed) q.set('reviewed', v.reviewed);
  return `/v1/care-teams/${encodeURIComponent(teamId)}/worklist?${q}`;
}

/** The API's orders read as: need (most first), name (A to Z), last reading (oldest first). */
export const SORT_DIRECTION: Record<WorklistSort, 'ascending' | 'descending'> = { priority: 'descending', name: 'ascending', last_reading: 'ascending' };

/** `aria-sort` of a column header: only the column the list is sorted by says how. */
export const ariaSort = (column: WorklistSort, current: WorklistSort): 'ascending' | 'descending' | 'none' => (column === current ? SORT_DIRECTION[column] : 'none');

/** Who holds the row, from the signed-in clinician's point of view. */
export function claimState(row: Pick<WorklistRow, 'claim'>, userId: string): 'mine' | 'other' | 'none' {
  if (!row.claim) return 'none';
  return row.claim.userId === userId ? 'mine' : 'other';
}

/** "November 2026" for a `YYYY-MM` review period (the patient's local month). */
export function periodWords(period: string, locale?: string): string {
  const [y, m] = period.split('-').map(Number);
  if (!y || !m) return period;
  return new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
