import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { Agent } from '../agent/agent.ts';
import type { PatientProfile } from './physiology.ts';
import { framesBetween, type SimDevice } from './simulated-home.ts';

export interface SimulationOptions {
  devices: SimDevice[];
  profile: Partial<PatientProfile>;
  agent: Pick<Agent, 'ingest'>;
  clock: Clock;
  logger: Logger;
  /** Simulated seconds per real second. */
  speed: number;
  /** History the devices hold when the gateway first sees them (meters keep records). */
  backfillMs: number;
  tickMs?: number;
}

/**
 * Drive simulated devices in (optionally compressed) time: on each tick, the frames the devices
 * produced since the last tick go through the agent exactly as BLE frames would. A frame the
 * agent cannot take (outbox full) is retried on the next tick, so nothing is skipped.
 */
export function startSimulation(o: SimulationOptions): { stop(): Promise<void>; simulatedNow(): Date } {
  const realStart = o.clock.now().getTime();
  const simNow = () => realStart + (o.clock.now().getTime() - realStart) * o.speed;
  let cursor = realStart - o.backfillMs;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const until = simNow();
    // one simulated day at a time, so a long backfill does not build one huge array
    while (!stopped && cursor < until) {
      const to = Math.min(until, cursor + 86_400_000);
      for (const f of framesBetween(o.devices, o.profile, cursor, to)) {
        if (stopped) return;
        try {
          await o.agent.ingest(f);
        } catch (err) {
          o.logger.warn({ err: (err as Error).message }, 'simulated frame not taken; retrying next tick');
          cursor = f.receivedAt.getTime();
          return;
        }
      }
      cursor = to;
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, o.tickMs ?? 1000);
  running = running.then(tick);
  return {
    simulatedNow: () => new Date(simNow()),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
