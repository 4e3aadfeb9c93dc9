import { ConflictError } from '../../../common/src/errors/index.ts';

/** Allowed moves: for each state, the states it may move to (none for a final state). */
export type Transitions<S extends string> = Record<S, readonly S[]>;

/**
 * A small state machine as data, so the rules of a workflow (refill requests, financial
 * assistance) are one table that tests can read. Pure: it checks moves, it stores nothing.
 *
 * @example
 * const m = stateMachine('refill request', { requested: ['approved', 'denied'], approved: [], denied: [] });
 * m.assert('requested', 'approved'); // ok
 * m.assert('denied', 'approved');    // throws ConflictError
 */
export function stateMachine<S extends string>(what: string, transitions: Transitions<S>) {
  return {
    /** Every state, in the order the table lists them. */
    states: Object.keys(transitions) as S[],
    /** Whether `from → to` is an allowed move. */
    can: (from: S, to: S): boolean => transitions[from].includes(to),
    /** Whether `state` is final (nothing follows it). */
    isFinal: (state: S): boolean => transitions[state].length === 0,
    /**
     * @throws ConflictError (409) when `from → to` is not allowed, e.g. deciding twice
     */
    assert(from: S, to: S): void {
      if (!transitions[from].includes(to)) {
        const next = transitions[from];
        throw new ConflictError(`a ${what} that is ${from} cannot become ${to}` + (next.length ? ` (it can become ${next.join(' or ')})` : ' (it is final)'), {
          extra: { code: 'illegal_transition', from, to },
        });
      }
    },
  };
}
