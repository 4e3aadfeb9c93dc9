import type { Logger } from '../../../common/src/logger.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import type { Central, Link } from './central.ts';
import { BleStepError } from './errors.ts';
import type { BleStage, Emit } from './events.ts';
import type { Timers } from './timers.ts';

export interface DeviceConnectionDeps {
  central: Central;
  /** Sets up a fresh link; resolves when the device is ready (subscribed, records transferred). */
  runSession: (link: Link) => Promise<void>;
  timers: Timers;
  random: () => number;
  backoff: BackoffPolicy;
  emit: Emit;
  reportError: (stage: BleStage, error: unknown, deviceId: string) => void;
  logger: Logger;
}

/**
 * Keeps one device connected: connect, set up, wait for the link to drop, reconnect after a
 * backoff delay — forever, until `stop()`. A session that was set up resets the backoff, so a
 * meter that ends every session itself after its transfer is retried soon, then less and less
 * often while it sleeps.
 */
export class DeviceConnection {
  #failures = 0;
  #timer: unknown;
  #link: Link | undefined;
  #cycle: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    readonly deviceId: string,
    private readonly deps: DeviceConnectionDeps,
  ) {}

  /** Start connecting now. */
  start(): void {
    this.#timer = undefined;
    this.#cycle = this.#connectOnce().catch((err: unknown) => this.deps.logger.error({ err, deviceId: this.deviceId }, 'connection loop failed'));
  }

  /** Cancel a pending reconnect and disconnect; resolves once the current cycle has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.deps.timers.clearTimeout(this.#timer);
    await this.#link?.disconnect();
    await this.#cycle;
  }

  async #connectOnce(): Promise<void> {
    const { deviceId, deps } = this;
    if (this.#stopped) return;
    let link: Link;
    try {
      link = await deps.central.connect(deviceId);
    } catch (err) {
      deps.reportError('connect', err, deviceId);
      this.#schedule(++this.#failures);
      return;
    }
    this.#link = link;
    if (this.#stopped) await link.disconnect();
    else deps.emit('connected', link.name === undefined ? { deviceId } : { deviceId, name: link.name });
    const ready = !this.#stopped && (await this.#setUp(link));
    const initiatedBy = await link.closed;
    this.#link = undefined;
    deps.emit('disconnected', { deviceId, initiatedBy });
    this.#failures = ready ? 0 : this.#failures + 1;
    this.#schedule(this.#failures);
  }

  /** @returns whether the session was fully set up; a failure leaves the link disconnected. */
  async #setUp(link: Link): Promise<boolean> {
    try {
      await this.deps.runSession(link);
      return true;
    } catch (err) {
      const stage = err instanceof BleStepError ? err.stage : 'subscribe';
      const cause = err instanceof BleStepError ? err.cause : err;
      // A device that hangs up mid-setup is not a fault of ours or its: it will be retried.
      if (link.isClosed) this.deps.logger.info({ deviceId: this.deviceId, stage }, 'link dropped during setup');
      else {
        this.deps.reportError(stage, cause, this.deviceId);
        await link.disconnect();
      }
      return false;
    }
  }

  #schedule(attempt: number): void {
    if (this.#stopped) return;
    const delayMs = backoffDelay(attempt, this.deps.backoff, this.deps.random);
    this.deps.emit('reconnect-scheduled', { deviceId: this.deviceId, attempt, delayMs });
    this.#timer = this.deps.timers.setTimeout(() => this.start(), delayMs);
  }
}
