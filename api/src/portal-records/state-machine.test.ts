import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../common/src/errors/index.ts';
import { stateMachine } from './state-machine.ts';

const m = stateMachine('thing', { open: ['closed', 'held'], held: ['open'], closed: [] });

describe('stateMachine', () => {
  it('allows the listed moves only', () => {
    expect(m.can('open', 'closed')).toBe(true);
    expect(m.can('held', 'open')).toBe(true);
    expect(m.can('held', 'closed')).toBe(false);
    expect(m.can('open', 'open')).toBe(false);
  });

  it('throws a 409 naming the allowed moves', () => {
    expect(() => m.assert('open', 'held')).not.toThrow();
    const err = (() => {
      try {
        m.assert('held', 'closed');
      } catch (e) {
        return e;
      }
    })() as ConflictError;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe('a thing that is held cannot become closed (it can become open)');
    expect(err.extra).toEqual({ code: 'illegal_transition', from: 'held', to: 'closed' });
    expect(() => m.assert('closed', 'open')).toThrow(/it is final/);
  });

  it('lists states and final states', () => {
    expect(m.states).toEqual(['open', 'held', 'closed']);
    expect(m.states.filter(m.isFinal)).toEqual(['closed']);
  });
});
