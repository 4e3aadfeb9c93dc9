import { describe, expect, it } from 'vitest';
import { MemoryDeviceState } from '../ble/device-state.ts';
import { createDurableProgress } from './durable-progress.ts';

describe('durable progress of device transfers', () => {
  it('advances the last-fetched mark only after every earlier frame is stored', async () => {
    const inner = new MemoryDeviceState();
    const p = createDurableProgress(inner);
    const order: string[] = [];
    void p.store('AA', async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('frame');
    });
    await p.state.set('AA', { lastSequence: 5 });
    order.push('mark');
    expect(order).toEqual(['frame', 'mark']);
    expect(await inner.get('AA')).toEqual({ lastSequence: 5 });
  });

  it('keeps the old mark when a frame could not be stored, so the records are fetched again', async () => {
    const inner = new MemoryDeviceState();
    await inner.set('AA', { lastSequence: 3 });
    const p = createDurableProgress(inner);
    await p.store('AA', async () => Promise.reject(new Error('outbox full')));
    await p.state.set('AA', { lastSequence: 9 });
    expect(await inner.get('AA')).toEqual({ lastSequence: 3 });
    // the next transfer stores fine and moves the mark
    await p.store('AA', async () => undefined);
    await p.state.set('AA', { lastSequence: 9 });
    expect(await inner.get('AA')).toEqual({ lastSequence: 9 });
  });
});
