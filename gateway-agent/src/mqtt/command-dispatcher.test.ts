import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../common/src/logger.ts';
import { createCommandDispatcher, type CommandHandlers } from './command-dispatcher.ts';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const handlers = (): CommandHandlers => ({ time_sync: vi.fn(), rescan: vi.fn(), reload_config: vi.fn() });

describe('command dispatcher', () => {
  it('calls the handler of the command type with the validated command', async () => {
    const table = handlers();
    const dispatch = createCommandDispatcher({ handlers: table, logger: silentLogger() });
    expect(await dispatch(json({ v: 1, type: 'rescan', id: 'c1' }))).toBe('handled');
    expect(await dispatch(json({ v: 1, type: 'time_sync', id: 'c2' }))).toBe('handled');
    expect(table.rescan).toHaveBeenCalledWith({ v: 1, type: 'rescan', id: 'c1' });
    expect(table.time_sync).toHaveBeenCalledTimes(1);
    expect(table.reload_config).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', Buffer.from('{nope')],
    ['an unknown type', json({ v: 1, type: 'format_disk', id: 'x' })],
    ['a newer version', json({ v: 2, type: 'rescan', id: 'x' })],
    ['no id', json({ v: 1, type: 'rescan' })],
  ])('ignores %s without calling a handler', async (_label, payload) => {
    const table = handlers();
    const dispatch = createCommandDispatcher({ handlers: table, logger: silentLogger() });
    expect(await dispatch(payload)).toBe('invalid');
    expect(Object.values(table).every((h) => (h as ReturnType<typeof vi.fn>).mock.calls.length === 0)).toBe(true);
  });

  it('skips a redelivered id, and forgets ids beyond its memory', async () => {
    const table = handlers();
    const dispatch = createCommandDispatcher({ handlers: table, logger: silentLogger(), rememberIds: 2 });
    await dispatch(json({ v: 1, type: 'rescan', id: 'a' }));
    expect(await dispatch(json({ v: 1, type: 'rescan', id: 'a' }))).toBe('duplicate');
    await dispatch(json({ v: 1, type: 'rescan', id: 'b' }));
    await dispatch(json({ v: 1, type: 'rescan', id: 'c' }));
    expect(await dispatch(json({ v: 1, type: 'rescan', id: 'a' }))).toBe('handled');
    expect(table.rescan).toHaveBeenCalledTimes(4);
  });

  it('reports a failing handler instead of throwing', async () => {
    const table = { ...handlers(), reload_config: vi.fn().mockRejectedValue(new Error('bad config')) };
    const dispatch = createCommandDispatcher({ handlers: table, logger: silentLogger() });
    expect(await dispatch(json({ v: 1, type: 'reload_config', id: 'r1' }))).toBe('failed');
  });
});
