import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { GatewayEvent } from '../../../common/src/wire/readings.ts';
import { GattDecodeError } from '../gatt/errors.ts';
import type { DecodeContext } from '../gatt/types.ts';
import type { ReadingBuffer } from '../outbox/reading-buffer.ts';
import { SAMPLED_CHARACTERISTICS, frameToReadings, type Frame } from './frame-to-readings.ts';

export interface AgentDeps {
  outbox: ReadingBuffer;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  /** Device clock skew per device key (ms), measured by the BLE transport when it writes Current Time. */
  skewOf?: (deviceKey: string) => number;
  /** Report decode errors and other events upstream (the MQTT publisher's events topic). */
  publishEvent?: (e: GatewayEvent) => Promise<void>;
}

export interface AgentStats {
  frames: number;
  readings: number;
  decodeErrors: number;
}

/**
 * The heart of the gateway: every frame from a device (BLE or simulator) is decoded and its
 * readings appended to the durable outbox before anything else happens; the publisher drains the
 * outbox. Malformed frames are reported as events and never crash the agent. `ingest` resolves
 * only once the readings are on disk, so a transport can move its "last stored" mark after it.
 */
export function createAgent(deps: AgentDeps) {
  const contexts = new Map<string, DecodeContext>();
  const lastSampledMinute = new Map<string, number>();
  const stats: AgentStats = { frames: 0, readings: 0, decodeErrors: 0 };

  /** CGM time base and CRC use come from other characteristics of the same device. */
  const updateContext = (frame: Frame, fields: Record<string, unknown>) => {
    const ctx = contexts.get(frame.deviceKey) ?? {};
    if (frame.characteristic === '2AAA' && typeof fields.sessionStartTime === 'string') ctx.cgmSessionStartTime = fields.sessionStartTime;
    if (frame.characteristic === '2AA8' && Array.isArray(fields.features)) ctx.cgmE2eCrc = (fields.features as string[]).some((f) => /e2e-crc/i.test(f));
    contexts.set(frame.deviceKey, ctx);
  };

  const sampledOut = (frame: Frame) => {
    if (!SAMPLED_CHARACTERISTICS.has(frame.characteristic)) return false;
    const key = `${frame.deviceKey}|${frame.characteristic}`;
    const minute = Math.floor(frame.receivedAt.getTime() / 60_000);
    if (lastSampledMinute.get(key) === minute) return true;
    lastSampledMinute.set(key, minute);
    return false;
  };

  return {
    stats: () => ({ ...stats }),
    /** @throws OutboxFullError when the outbox is full (the caller keeps the frame and retries) */
    async ingest(frame: Frame): Promise<number> {
      stats.frames++;
      if (sampledOut(frame)) return 0;
      let result;
      try {
        result = frameToReadings(frame, contexts.get(frame.deviceKey) ?? {}, { timeZone: deps.timeZone, skewMs: deps.skewOf?.(frame.deviceKey) ?? 0 });
      } catch (err) {
        if (!(err instanceof GattDecodeError)) throw err;
        stats.decodeErrors++;
        deps.logger.warn({ deviceKey: frame.deviceKey, characteristic: frame.characteristic, code: err.code, offset: err.offset }, 'malformed frame ignored');
        await deps.publishEvent?.({ v: 1, type: 'decode_error', at: deps.clock.now().toISOString(), deviceId: frame.deviceKey, detail: { characteristic: frame.characteristic, code: err.code, offset: err.offset } }).catch(() => undefined);
        return 0;
      }
      updateContext(frame, result.decoded.fields as Record<string, unknown>);
      if (!result.readings.length) return 0;
      await deps.outbox.append(result.readings);
      stats.readings += result.readings.length;
      return result.readings.length;
    },
  };
}
export type Agent = ReturnType<typeof createAgent>;
