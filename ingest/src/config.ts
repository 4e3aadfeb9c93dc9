import { z } from 'zod';
import { env, parseEnv } from '../../common/src/config.ts';
import { serviceEnv } from '../../common/src/config-fields.ts';
import { DEFAULT_TOPIC_PREFIX } from '../../common/src/wire/readings.ts';

export const IngestConfigSchema = z.object({
  ...serviceEnv,
  /** Embedded broker's MQTT/TCP port. Not 1883 by default: a local Mosquitto usually owns it. */
  MQTT_PORT: env.port(1884),
  MQTT_HOST: z.string().default('0.0.0.0').describe('an interface address to listen on'),
  MQTT_WS_PORT: env.port(0).optional(),
  MQTT_TLS_PORT: env.port(0).optional(),
  MQTT_TLS_CERT: z.string().optional().describe('a path to a PEM certificate'),
  MQTT_TLS_KEY: z.string().optional().describe('a path to a PEM private key'),
  /** External broker mode: consume from this broker with a shared subscription instead of embedding aedes. */
  MQTT_URL: env.url(['mqtt', 'mqtts', 'ws', 'wss', 'tcp']).optional(),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  MQTT_CLIENT_ID: z.string().min(1).max(64).default('vitals-ingest').describe('a client id of 1 to 64 characters'),
  /** External mode: parallel consumer connections in the share group (MQTT delivers in order per connection). */
  MQTT_CONSUMERS: env.positiveInt(4),
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).default('ingest').describe('a shared-subscription group name'),
  MQTT_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9_/-]+$/).default(DEFAULT_TOPIC_PREFIX).describe('a topic prefix such as rpm/v1'),
  MQTT_MAX_PAYLOAD_BYTES: env.positiveInt(256 * 1024),
  /** A connection that has not sent CONNECT within this time is dropped (slow-loris). */
  MQTT_CONNECT_TIMEOUT_MS: env.positiveInt(10_000),
  /** Per-gateway publishes per second (token bucket, burst = 5× rate). */
  MQTT_RATE_LIMIT_PER_S: env.positiveInt(50),
  INGEST_BATCH_MAX: env.positiveInt(500),
  INGEST_BATCH_MS: env.positiveInt(20),
  /** Readings whose measured time is further ahead than this are dead-lettered as "future". */
  INGEST_MAX_FUTURE_S: env.positiveInt(600),
  HTTP_PORT: env.port(9101),
  /**
   * Address of the ops HTTP server (health, readiness, /metrics). Loopback by default: it has no
   * authentication, so exposing it (a Prometheus elsewhere) is a deliberate setting, e.g. 0.0.0.0
   * behind a network policy.
   */
  HTTP_HOST: z.string().default('127.0.0.1').describe('an interface address to listen on'),
});
export type IngestConfig = z.infer<typeof IngestConfigSchema>;

export const loadIngestConfig = (e: Record<string, string | undefined>): IngestConfig => parseEnv(IngestConfigSchema, e);
