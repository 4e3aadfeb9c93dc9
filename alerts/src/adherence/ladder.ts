/**
 * The adherence ladder as pure state transitions. A programme configures steps — after N hours
 * without a reading: nudge the patient, then a task for the nurses, then an escalation to the
 * care-team lead. A "run" is one gap in readings that reached at least one step; it records the
 * steps done. A reading measured after the gap began cancels the run (no further steps), and the
 * next gap starts a new run from step 1.
 *
 * A patient who never sent a reading is not judged, as the `missed-readings` alert rule does not
 * judge one: the ladder is about a patient who stopped, the worklist's flags about one who never
 * started. Docs: docs/rpm-workflow.md ("Adherence ladder").
 */

export const LADDER_ACTIONS = ['patient_nudge', 'nurse_task', 'lead_escalation'] as const;
export type LadderAction = (typeof LADDER_ACTIONS)[number];

export interface LadderStep {
  step: number;
  action: LadderAction;
  /** Hours without a reading after which the step is due. */
  afterHours: number;
}

/** The active run of an enrolment: when its gap began and the steps already done. */
export interface LadderRun {
  /** Epoch ms of the newest reading before the gap (or the enrolment start, if later). */
  gapSince: number;
  fired: readonly number[];
}

export interface LadderObservation {
  /** Epoch ms of the patient's newest reading (any metric), or null when there is none. */
  lastReadingAt: number | null;
  /** Epoch ms the enrolment started: a gap never begins before it. */
  enrolledAt: number;
  now: number;
}

export interface LadderDecision {
  /** The active run ends: a reading came after its gap began. */
  cancel: boolean;
  /** The gap to record the due steps under (a new run when `cancel` or no run). */
  gapSince: number | null;
  /** Steps due now and not done in this gap, in step order. */
  due: LadderStep[];
}

const HOUR_MS = 3_600_000;

/** Why a ladder configuration is refused. */
export class LadderConfigError extends Error {
  override name = 'LadderConfigError';
}

/**
 * Check a programme's steps: distinct step numbers whose hours increase with the step, so the
 * ladder always climbs (a nurse is never asked before the patient was nudged).
 *
 * @returns the steps sorted by step number
 * @throws LadderConfigError otherwise
 */
export function validateLadder(steps: readonly LadderStep[]): LadderStep[] {
  const sorted = [...steps].sort((a, b) => a.step - b.step);
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    if (!(Number.isFinite(s.afterHours) && s.afterHours > 0)) throw new LadderConfigError(`step ${s.step}: afterHours must be a positive number`);
    const prev = sorted[i - 1];
    if (prev && (prev.step === s.step || prev.afterHours >= s.afterHours)) throw new LadderConfigError(`step ${s.step} must come strictly after step ${prev.step} (hours ${prev.afterHours} → ${s.afterHours})`);
  }
  return sorted;
}

/**
 * What the ladder does now for one enrolment.
 *
 * @param run - the active run, or null
 * @param steps - the programme's enabled steps (validateLadder)
 * @example
 * // last reading 50 h ago, steps at 48/72/120 h, no run yet → due: [step 1]
 * // a run of that gap with step 1 done, then a reading 1 h ago → cancel, nothing due
 */
export function decideLadder(run: LadderRun | null, obs: LadderObservation, steps: readonly LadderStep[]): LadderDecision {
  if (obs.lastReadingAt === null) return { cancel: run !== null, gapSince: null, due: [] };
  const gapSince = Math.max(obs.lastReadingAt, obs.enrolledAt);
  const cancel = run !== null && gapSince > run.gapSince;
  const done = new Set(run && !cancel ? run.fired : []);
  const elapsed = obs.now - gapSince;
  const due = steps.filter((s) => !done.has(s.step) && elapsed >= s.afterHours * HOUR_MS);
  return { cancel, gapSince, due };
}
