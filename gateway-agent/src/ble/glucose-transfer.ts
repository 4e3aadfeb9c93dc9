import type { Clock } from '../../../common/src/clock.ts';
import { untilClosed, type Link } from './central.ts';
import type { DeviceStateStore } from './device-state.ts';
import { RacpError } from './errors.ts';
import type { Emit } from './events.ts';
import { GLUCOSE } from './profiles.ts';
import { glucoseSequence, isTransferDone, parseRacpResponse, racpRequestAfter, type RacpResponse } from './racp.ts';
import { withTimeout, type Timers } from './timers.ts';

export interface GlucoseTransferDeps {
  state: DeviceStateStore;
  clock: Clock;
  timers: Timers;
  /** How long the meter may take to send its records and the RACP response. */
  racpTimeoutMs: number;
  emit: Emit;
}

/** One glucose meter's record transfer for one connection. */
export interface GlucoseTransfer {
  /** Feed every Glucose Measurement (2A18) and RACP (2A52) value the link receives. */
  observe(characteristic: string, value: Buffer): void;
  /**
   * Ask for the records after the last one seen (all of them the first time), wait for the
   * meter's RACP response, persist the highest sequence and emit `transfer-complete`.
   * Records that arrived before a failure or disconnect are persisted as seen all the same:
   * they have already been emitted as frames.
   * @throws RacpError, BleTimeoutError, DisconnectedError
   */
  run(): Promise<void>;
}

/** Create the transfer before subscribing, so no early record goes uncounted. */
export function createGlucoseTransfer(link: Link, deps: GlucoseTransferDeps): GlucoseTransfer {
  const deviceId = link.address;
  let records = 0;
  let highest: number | undefined;
  let answer: ((r: RacpResponse) => void) | undefined;

  const save = async (last: number | undefined): Promise<number | undefined> => {
    if (highest === undefined || (last !== undefined && highest <= last)) return last;
    const previous = await deps.state.get(deviceId);
    await deps.state.set(deviceId, { ...previous, lastSequence: highest, updatedAt: deps.clock.now().toISOString() });
    return highest;
  };

  return {
    observe(characteristic, value) {
      if (characteristic === GLUCOSE.measurement) {
        records++;
        const seq = glucoseSequence(value);
        if (seq !== undefined) highest = Math.max(highest ?? seq, seq);
      } else if (characteristic === GLUCOSE.racp) {
        const r = parseRacpResponse(value);
        if (r) answer?.(r);
      }
    },

    async run() {
      const last = (await deps.state.get(deviceId))?.lastSequence;
      const request = racpRequestAfter(last);
      const response = new Promise<RacpResponse>((resolve) => (answer = resolve));
      let failure: unknown;
      try {
        await link.write(GLUCOSE.service, GLUCOSE.racp, request);
        const r = await withTimeout(deps.timers, untilClosed(link, response), deps.racpTimeoutMs, `RACP transfer from ${deviceId}`);
        if (!isTransferDone(r)) failure = new RacpError(deviceId, r.responseCode);
      } catch (err) {
        failure = err;
      }
      const lastSequence = await save(last);
      if (failure !== undefined) throw failure;
      deps.emit('transfer-complete', { deviceId, records, lastSequence });
    },
  };
}
