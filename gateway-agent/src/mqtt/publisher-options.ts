import type { IClientOptions } from 'mqtt';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { DEFAULT_TOPIC_PREFIX } from '../../../common/src/wire/readings.ts';
import type { ReadingBuffer } from '../outbox/reading-buffer.ts';
import type { CommandHandlers } from './command-dispatcher.ts';
import { PublisherOptionError } from './errors.ts';
import type { DeviceStatus } from './status-message.ts';

/**
 * TLS material for `mqtts://` / `wss://` brokers (passed to Node's tls.connect): CA, client
 * certificate and key, server name; `rejectUnauthorized` stays true except toward a test broker.
 */
export type PublisherTlsOptions = Pick<IClientOptions, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'>;

/** Dependencies and settings of createGatewayPublisher. */
export interface GatewayPublisherOptions {
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://` URL of the broker. */
  mqttUrl: string;
  /** Gateway id: the MQTT username, part of the client id (`gw-<id>`) and of every topic. */
  gatewayId: string;
  /** The gateway's secret token: the MQTT password. */
  token: string;
  /** Topic prefix; default `rpm/v1`. */
  topicPrefix?: string;
  /** Where readings wait for a PUBACK. The publisher does not close it: its owner does. */
  outbox: ReadingBuffer;
  clock: Clock;
  logger: Logger;
  /** Handlers of the commands received on the gateway's `cmd` topic. */
  commands: CommandHandlers;
  /** Interval of the retained `online` status with uptime, outbox depth and device status. */
  heartbeatMs: number;
  /** Battery and RSSI per device for the heartbeat; default none. */
  deviceStatus?: () => DeviceStatus[];
  /** MQTT 3.1.1 (4) by default: aedes 1.x refuses MQTT 5. Use 5 only toward external brokers. */
  protocolVersion?: 4 | 5;
  tls?: PublisherTlsOptions;
  /** Readings per ReadingsBatch message, 1 to 500; default 100. */
  batchSize?: number;
  /** Batches published and not yet acknowledged at one time; default 4. */
  maxInflightBatches?: number;
  /** Pause between reconnect attempts, and before resending after a refused publish; default 2000 ms. */
  reconnectPeriodMs?: number;
  /** MQTT keepalive; default 30 s. */
  keepaliveS?: number;
  /** Give up a connect attempt after this long; default 10,000 ms. */
  connectTimeoutMs?: number;
  /** MQTT 5 only: how long the broker keeps the session while the gateway is away; default 7 days. */
  sessionExpiryS?: number;
  /** Events waiting for a PUBACK (e.g. while offline) before publishEvent refuses more; default 100. */
  maxPendingEvents?: number;
}

/** Options with every default filled in and checked. */
export type ResolvedPublisherOptions = Required<Omit<GatewayPublisherOptions, 'tls'>> & Pick<GatewayPublisherOptions, 'tls'>;

/** The contract's upper bound on readings per batch (ReadingsBatch.readings.max). */
const MAX_BATCH = 500;
/** Topic levels may not contain these, or the gateway could publish or subscribe beyond its own prefix. */
const TOPIC_SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const TOPIC_SAFE_PREFIX = /^[^#+\s/][^#+\s]*[^#+\s/]$|^[^#+\s/]$/;

function integerIn(option: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new PublisherOptionError(option, `an integer from ${min} to ${max}, got ${value}`);
  return value;
}

function matching(option: string, value: string, pattern: RegExp, expected: string): string {
  if (!pattern.test(value)) throw new PublisherOptionError(option, expected);
  return value;
}

/**
 * Fill in defaults and check every option, so a misconfiguration fails when the publisher is built.
 * @throws PublisherOptionError naming the first bad option.
 */
export function resolvePublisherOptions(options: GatewayPublisherOptions): ResolvedPublisherOptions {
  const url = (() => {
    try {
      return new URL(options.mqttUrl);
    } catch {
      throw new PublisherOptionError('mqttUrl', 'a URL');
    }
  })();
  if (!['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(url.protocol)) throw new PublisherOptionError('mqttUrl', 'a mqtt://, mqtts://, ws:// or wss:// URL');
  if (options.token.length === 0) throw new PublisherOptionError('token', 'a non-empty secret');
  return {
    ...options,
    gatewayId: matching('gatewayId', options.gatewayId, TOPIC_SAFE_ID, '1 to 64 of A-Z a-z 0-9 . _ : -'),
    topicPrefix: matching('topicPrefix', options.topicPrefix ?? DEFAULT_TOPIC_PREFIX, TOPIC_SAFE_PREFIX, 'topic levels without wildcards or outer slashes'),
    heartbeatMs: integerIn('heartbeatMs', options.heartbeatMs, 1),
    deviceStatus: options.deviceStatus ?? (() => []),
    protocolVersion: options.protocolVersion ?? 4,
    batchSize: integerIn('batchSize', options.batchSize ?? 100, 1, MAX_BATCH),
    maxInflightBatches: integerIn('maxInflightBatches', options.maxInflightBatches ?? 4, 1, 1000),
    reconnectPeriodMs: integerIn('reconnectPeriodMs', options.reconnectPeriodMs ?? 2000, 1),
    keepaliveS: integerIn('keepaliveS', options.keepaliveS ?? 30, 0, 65535),
    connectTimeoutMs: integerIn('connectTimeoutMs', options.connectTimeoutMs ?? 10_000, 1),
    sessionExpiryS: integerIn('sessionExpiryS', options.sessionExpiryS ?? 7 * 24 * 3600, 0, 0xffffffff),
    maxPendingEvents: integerIn('maxPendingEvents', options.maxPendingEvents ?? 100, 0),
  };
}

/**
 * MQTT.js options: a persistent session (`clean: false`) under a fixed client id, so the broker
 * keeps the `cmd` subscription and queued commands while the gateway is away, and a retained QoS 1
 * last will that marks the gateway offline when its connection dies without a DISCONNECT.
 */
export function mqttClientOptions(o: ResolvedPublisherOptions, statusTopic: string, willPayload: string): IClientOptions {
  return {
    clientId: `gw-${o.gatewayId}`,
    username: o.gatewayId,
    password: o.token,
    clean: false,
    protocolVersion: o.protocolVersion,
    // MQTT 5 ends a session at disconnect unless an expiry is given; 3.1.1 sessions persist by definition.
    ...(o.protocolVersion === 5 ? { properties: { sessionExpiryInterval: o.sessionExpiryS } } : {}),
    reconnectPeriod: o.reconnectPeriodMs,
    // A refused CONNACK is often transient (ingest answers "server unavailable" while its database
    // is down); without this MQTT.js would stop reconnecting and the gateway would go silent.
    reconnectOnConnackError: true,
    connectTimeout: o.connectTimeoutMs,
    keepalive: o.keepaliveS,
    // The publisher subscribes itself whenever the broker reports no session, so MQTT.js need not.
    resubscribe: false,
    queueQoSZero: false,
    will: { topic: statusTopic, payload: Buffer.from(willPayload), qos: 1, retain: true },
    ...o.tls,
  };
}
