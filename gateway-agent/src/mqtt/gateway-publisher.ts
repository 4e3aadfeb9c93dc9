import { EventEmitter } from 'node:events';
import { connect, type MqttClient } from 'mqtt';
import { formatTraceparent, newTraceContext, traceLogFields } from '../../../common/src/trace-context.ts';
import { GatewayEvent, topics, type ReadingsBatch } from '../../../common/src/wire/readings.ts';
import type { OutboxEntry } from '../outbox/reading-buffer.ts';
import { createCommandDispatcher, type CommandOutcome } from './command-dispatcher.ts';
import { DrainWindow, type InflightBatch } from './drain-window.ts';
import { EventBacklogFullError, PublisherClosedError } from './errors.ts';
import { mqttClientOptions, resolvePublisherOptions, type GatewayPublisherOptions, type ResolvedPublisherOptions } from './publisher-options.ts';
import { OFFLINE_WILL, onlineStatus } from './status-message.ts';

/** Typed event map of the publisher. */
export interface GatewayPublisherEvents {
  /**
   * Connected, after MQTT.js has resent the batches left in flight by the previous connection and got
   * their PUBACKs. `sessionPresent` false means the broker forgot the session (and the cmd subscription).
   */
  connected: [{ sessionPresent: boolean }];
  /** The connection was lost; MQTT.js reconnects by itself. */
  disconnected: [];
  /** The outbox is empty and no batch waits for a PUBACK (once per connection or after new readings). */
  drained: [];
  /** Emitted only when someone listens (an unheard 'error' would crash the agent); always logged. */
  error: [Error];
}

/** An event as the caller gives it: `v` is added, `at` defaults to the clock's now. */
export type GatewayEventInput = Omit<GatewayEvent, 'v' | 'at'> & { at?: string };

export interface PublisherStats {
  connected: boolean;
  batchesSent: number;
  batchesAcked: number;
  readingsAcked: number;
  inflightBatches: number;
  pendingEvents: number;
  commands: Record<CommandOutcome, number>;
}

/** The gateway's MQTT side: drains the outbox, reports status and events, receives commands. */
export interface GatewayPublisher extends Pick<EventEmitter<GatewayPublisherEvents>, 'on' | 'once' | 'off'> {
  readonly connected: boolean;
  /**
   * Publish a GatewayEvent (QoS 1, not retained). While offline it waits in MQTT.js's session
   * store and goes out on reconnect; events are not written to the durable outbox.
   * @returns resolves on the broker's PUBACK.
   * @throws EventBacklogFullError when maxPendingEvents are already waiting; ZodError for an invalid event.
   */
  publishEvent(event: GatewayEventInput): Promise<void>;
  /** Publish the retained `online` status now (also done on connect and every heartbeatMs); no-op while offline. */
  publishStatus(): Promise<void>;
  stats(): PublisherStats;
  /**
   * Stop draining, publish a retained `offline` status (a clean DISCONNECT suppresses the will),
   * disconnect. Unacknowledged readings stay in the outbox for the next start; the outbox stays open.
   */
  close(): Promise<void>;
}

/** How long close() waits for the broker to take the `offline` status before disconnecting anyway. */
const OFFLINE_STATUS_TIMEOUT_MS = 2_000;

class MqttGatewayPublisher extends EventEmitter<GatewayPublisherEvents> implements GatewayPublisher {
  readonly #o: ResolvedPublisherOptions;
  readonly #topics: Record<keyof typeof topics, string>;
  readonly #client: MqttClient;
  readonly #window: DrainWindow;
  readonly #dispatch: (payload: Buffer) => Promise<CommandOutcome>;
  readonly #startedAt: Date;
  readonly #heartbeat: NodeJS.Timeout;
  /** Settlers of publishes someone awaits, so close() can reject the ones still open. */
  readonly #unsettled = new Set<(err?: Error) => void>();
  readonly #stats: Omit<PublisherStats, 'connected' | 'inflightBatches'> = {
    batchesSent: 0,
    batchesAcked: 0,
    readingsAcked: 0,
    pendingEvents: 0,
    commands: { handled: 0, invalid: 0, duplicate: 0, failed: 0 },
  };
  /** Highest sequence number the broker has acknowledged, with every batch before it. */
  #ackTarget = 0;
  /** The running loop that moves the outbox's ack pointer up to #ackTarget, if any. */
  #acking: Promise<void> | undefined;
  #wasConnected = false;
  #pumping = false;
  #pumpAgain = false;
  #drainedAnnounced = false;
  #closing = false;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(options: GatewayPublisherOptions) {
    super();
    const o = resolvePublisherOptions(options);
    this.#o = o;
    this.#topics = {
      readings: topics.readings(o.topicPrefix, o.gatewayId),
      status: topics.status(o.topicPrefix, o.gatewayId),
      events: topics.events(o.topicPrefix, o.gatewayId),
      cmd: topics.cmd(o.topicPrefix, o.gatewayId),
    };
    this.#window = new DrainWindow(o.maxInflightBatches);
    this.#dispatch = createCommandDispatcher({ handlers: o.commands, logger: o.logger });
    this.#startedAt = o.clock.now();
    this.#client = connect(o.mqttUrl, mqttClientOptions(o, this.#topics.status, JSON.stringify(OFFLINE_WILL)));
    this.#client.on('connect', (connack) => this.#onConnect(connack.sessionPresent));
    this.#client.on('close', () => this.#onClose());
    this.#client.on('error', (err) => this.#report(err, 'MQTT client error'));
    this.#client.on('message', (topic, payload) => void this.#onMessage(topic, payload));
    o.outbox.on('appended', this.#onAppended);
    this.#heartbeat = setInterval(() => void this.publishStatus().catch((err: Error) => this.#report(err, 'heartbeat failed')), o.heartbeatMs);
    this.#heartbeat.unref();
  }

  get connected(): boolean {
    return this.#client.connected;
  }

  publishEvent(input: GatewayEventInput): Promise<void> {
    if (this.#closing) return Promise.reject(new PublisherClosedError());
    if (this.#stats.pendingEvents >= this.#o.maxPendingEvents) return Promise.reject(new EventBacklogFullError(this.#o.maxPendingEvents));
    const event = GatewayEvent.parse({ ...input, v: 1, at: input.at ?? this.#o.clock.now().toISOString() });
    this.#stats.pendingEvents += 1;
    return this.#publish(this.#topics.events, event, false).finally(() => {
      this.#stats.pendingEvents -= 1;
    });
  }

  publishStatus(): Promise<void> {
    // A status queued while offline would arrive stale after the will; a fresh one goes out on connect.
    if (!this.#client.connected || this.#closing) return Promise.resolve();
    const status = onlineStatus(
      { now: this.#o.clock.now(), startedAt: this.#startedAt, outboxDepth: this.#o.outbox.depth(), devices: this.#deviceStatus() },
      this.#o.logger,
    );
    return this.#publish(this.#topics.status, status, true);
  }

  stats(): PublisherStats {
    return { ...this.#stats, commands: { ...this.#stats.commands }, connected: this.#client.connected, inflightBatches: this.#window.size };
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#retryTimer);
    this.#o.outbox.off('appended', this.#onAppended);
    if (this.#client.connected) {
      const offline = this.#publish(this.#topics.status, { ...OFFLINE_WILL, at: this.#o.clock.now().toISOString() }, true);
      const timeout = new Promise((resolve) => setTimeout(resolve, OFFLINE_STATUS_TIMEOUT_MS).unref());
      await Promise.race([offline.catch((err: Error) => this.#report(err, 'offline status not acknowledged')), timeout]);
    }
    for (const settle of [...this.#unsettled]) settle(new PublisherClosedError());
    // A graceful end() waits for every outstanding PUBACK, which a broker holding back acks would never
    // send. Their readings are safe in the outbox, so forget them and disconnect now.
    for (const messageId of Object.keys(this.#client.outgoing)) this.#client.removeOutgoingMessage(Number(messageId));
    await this.#client.endAsync(!this.#client.connected);
    await this.#acking;
    this.#o.logger.info('gateway publisher closed');
  }

  readonly #onAppended = (): void => {
    this.#drainedAnnounced = false;
    this.#pump();
  };

  #onConnect(sessionPresent: boolean): void {
    this.#wasConnected = true;
    this.#drainedAnnounced = false;
    this.#o.logger.info({ sessionPresent, outboxDepth: this.#o.outbox.depth() }, 'connected to broker');
    if (!sessionPresent) {
      this.#client.subscribe(this.#topics.cmd, { qos: 1 }, (err, granted) => {
        // MQTT 3.1.1 reports a refused subscription as granted QoS 128, not as an error.
        const refused = err ?? (granted?.some((g) => g.qos === 128) ? new Error(`broker refused the subscription to ${this.#topics.cmd}`) : undefined);
        if (refused) this.#report(refused, 'subscribing to cmd failed; commands will not arrive');
      });
    }
    void this.publishStatus().catch((err: Error) => this.#report(err, 'online status failed'));
    this.emit('connected', { sessionPresent });
    this.#pump();
  }

  #onClose(): void {
    // MQTT.js emits close after every failed reconnect attempt too; report only a lost connection.
    if (!this.#wasConnected) return;
    this.#wasConnected = false;
    // In-flight batches stay in the window: MQTT.js resends them from its session store on reconnect, in order.
    this.#o.logger.warn({ inflightBatches: this.#window.size, outboxDepth: this.#o.outbox.depth() }, 'disconnected from broker');
    this.emit('disconnected');
  }

  async #onMessage(topic: string, payload: Buffer): Promise<void> {
    switch (topic) {
      case this.#topics.cmd:
        this.#stats.commands[await this.#dispatch(payload)] += 1;
        return;
      default:
        this.#o.logger.warn({ topic }, 'message on an unexpected topic ignored');
    }
  }

  /** Start the drain loop, or ask the running one to look again. */
  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    this.#drain()
      .catch((err: Error) => {
        // At shutdown the owner may close the outbox under a running peek; nothing to report then.
        if (this.#closing) return;
        this.#report(err, 'reading the outbox failed; retrying');
        this.#retryLater();
      })
      .finally(() => {
        this.#pumping = false;
        if (this.#pumpAgain) this.#pump();
      });
  }

  async #drain(): Promise<void> {
    do {
      this.#pumpAgain = false;
      while (this.#canSend() && this.#window.hasRoom) {
        const epoch = this.#window.epoch;
        const entries = await this.#o.outbox.peek(this.#o.batchSize, this.#window.cursor);
        if (epoch !== this.#window.epoch) {
          this.#pumpAgain = true;
          break;
        }
        if (entries.length === 0 || !this.#canSend()) break;
        this.#send(entries);
      }
      this.#announceIfDrained();
    } while (this.#pumpAgain && !this.#closing);
  }

  #send(entries: OutboxEntry[]): void {
    const batch = this.#window.open(entries);
    // Each batch starts a trace that ingest and alerts continue (docs/mqtt-protocol.md#tracing). MQTT.js
    // resends this very packet after a reconnect, so a resend keeps its trace; a batch rebuilt from the
    // outbox after a restart is a new publish with a new trace.
    const trace = newTraceContext();
    const message: ReadingsBatch = { v: 1, gatewayId: this.#o.gatewayId, sentAt: this.#o.clock.now().toISOString(), readings: entries.map((e) => e.reading), traceparent: formatTraceparent(trace) };
    this.#o.logger.debug({ ...traceLogFields(trace), readings: entries.length }, 'readings batch published');
    this.#stats.batchesSent += 1;
    this.#client.publish(this.#topics.readings, JSON.stringify(message), { qos: 1 }, (err) => this.#onPuback(batch, entries.length, err));
  }

  /** MQTT.js calls this when the PUBACK arrives (or with an error when the publish was refused). */
  #onPuback(batch: InflightBatch, count: number, err: Error | undefined): void {
    if (this.#closing || batch.epoch !== this.#window.epoch) return;
    if (err) {
      // MQTT 5 negative PUBACK: start over from the outbox head after a pause; duplicates are deduped by ingest.
      this.#report(err, 'broker refused a readings batch; resending from the oldest unacknowledged reading');
      this.#window.reset();
      this.#retryLater();
      return;
    }
    this.#stats.batchesAcked += 1;
    this.#stats.readingsAcked += count;
    const through = this.#window.settle(batch);
    if (through !== undefined) this.#requestAck(through);
    this.#pump();
  }

  /**
   * Move the outbox's ack pointer to `through`. Requests that arrive while an ack is being written
   * are merged into one (each costs two fsyncs), so the pointer lags the broker by little under load.
   */
  #requestAck(through: number): void {
    this.#ackTarget = Math.max(this.#ackTarget, through);
    this.#acking ??= this.#runAcks().finally(() => {
      this.#acking = undefined;
    });
  }

  async #runAcks(): Promise<void> {
    while (this.#ackTarget > this.#o.outbox.stats().ackedThrough) {
      try {
        await this.#o.outbox.ackThrough(this.#ackTarget);
      } catch (err) {
        this.#report(err as Error, 'removing acknowledged readings from the outbox failed; they will be resent');
        return;
      }
      // depth() is current now, so the drain loop can tell whether it is drained.
      this.#pump();
    }
  }

  #announceIfDrained(): void {
    if (this.#drainedAnnounced || !this.#canSend() || this.#window.size > 0 || this.#o.outbox.depth() > 0) return;
    this.#drainedAnnounced = true;
    this.emit('drained');
  }

  #canSend(): boolean {
    return this.#client.connected && !this.#closing;
  }

  #retryLater(): void {
    if (this.#retryTimer !== undefined || this.#closing) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#pump();
    }, this.#o.reconnectPeriodMs);
  }

  #publish(topic: string, message: object, retain: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        this.#unsettled.delete(settle);
        if (err) reject(err);
        else resolve();
      };
      this.#unsettled.add(settle);
      this.#client.publish(topic, JSON.stringify(message), { qos: 1, retain }, (err) => settle(err));
    });
  }

  #deviceStatus() {
    try {
      return this.#o.deviceStatus();
    } catch (err) {
      this.#o.logger.warn({ err }, 'deviceStatus() failed; heartbeat without devices');
      return undefined;
    }
  }

  #report(err: Error, message: string): void {
    this.#o.logger.error({ err }, message);
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}

/**
 * Connect a gateway to its broker and start draining its outbox.
 *
 * Readings go out in outbox order as ReadingsBatch messages (QoS 1) with at most
 * `maxInflightBatches` unacknowledged at a time; readings leave the outbox only after the broker's
 * PUBACK for their batch and every earlier one (ingest sends that PUBACK after its database commit).
 * On disconnect draining stops; MQTT.js resends the in-flight batches on reconnect and draining resumes
 * after them. After a restart everything unacknowledged is resent from the outbox: ids are deterministic
 * and ingest drops repeats.
 *
 * @throws PublisherOptionError when an option is invalid.
 * @example
 * const publisher = createGatewayPublisher({ mqttUrl, gatewayId, token, outbox, clock: systemClock, logger,
 *   heartbeatMs: 60_000, commands: { time_sync, rescan, reload_config } });
 * process.once('SIGTERM', async () => { await publisher.close(); await outbox.close(); });
 */
export function createGatewayPublisher(options: GatewayPublisherOptions): GatewayPublisher {
  return new MqttGatewayPublisher(options);
}
