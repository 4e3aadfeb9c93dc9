import { z } from 'zod';
import { env, parseEnv } from '../../common/src/config.ts';
import { DEFAULT_TOPIC_PREFIX } from '../../common/src/wire/readings.ts';

export const GatewayConfigSchema = z.object({
  GATEWAY_ID: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/).describe('3 to 64 letters, digits, - or _'),
  GATEWAY_TOKEN: z.string().min(16).describe('the gateway token issued when it was provisioned (16+ characters)'),
  MQTT_URL: env.url(['mqtt', 'mqtts', 'ws', 'wss', 'tcp']).default('mqtt://127.0.0.1:1884'),
  MQTT_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9_/-]+$/).default(DEFAULT_TOPIC_PREFIX).describe('a topic prefix such as rpm/v1'),
  /** 4 = MQTT 3.1.1 (aedes 1.x refuses MQTT 5); 5 only toward external brokers. */
  MQTT_PROTOCOL_VERSION: z.enum(['4', '5']).default('4').transform(Number).describe('4 (MQTT 3.1.1) or 5'),
  MQTT_CA_FILE: z.string().optional().describe('a path to a PEM CA bundle for TLS'),
  OUTBOX_DIR: z.string().min(1).default('.data/outbox').describe('a writable directory'),
  OUTBOX_MAX_BYTES: env.positiveInt(256 * 1024 * 1024),
  STATE_DIR: z.string().min(1).default('.data/gateway-state').describe('a writable directory'),
  /** The home's IANA time zone: BLE devices report local wall-clock time without a zone. */
  GATEWAY_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    })
    .default('UTC')
    .describe('an IANA time zone such as Europe/Berlin'),
  BLE_PASSKEY: z.string().regex(/^\d{6}$/).optional().describe('a six-digit passkey'),
  BLE_ADDRESSES: z.string().optional().describe('a comma-separated list of BLE addresses to allow'),
  HEARTBEAT_S: env.positiveInt(60),
  /** Simulated devices instead of Bluetooth (the demo). */
  SIMULATE: env.bool(false),
  /** With SIMULATE: how many simulated seconds pass per real second. */
  SIMULATE_SPEED: env.positiveInt(1),
  /** With SIMULATE: days of stored history the simulated devices hold at start. */
  SIMULATE_BACKFILL_DAYS: z.coerce.number().min(0).max(400).default(14).describe('a number of days from 0 to 400'),
  /** With SIMULATE: `KEY:type,…` (types glucose_meter, cgm, bp_cuff, scale, pulse_oximeter); default the demo gateway's devices. */
  SIMULATE_DEVICES: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+:(glucose_meter|cgm|bp_cuff|scale|pulse_oximeter)(,[A-Za-z0-9:_-]+:(glucose_meter|cgm|bp_cuff|scale|pulse_oximeter))*$/)
    .optional()
    .describe('KEY:type pairs separated by commas, e.g. GM-1:glucose_meter,BP-1:bp_cuff'),
  LOG_LEVEL: env.logLevel(),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export const loadGatewayConfig = (e: Record<string, string | undefined>): GatewayConfig => parseEnv(GatewayConfigSchema, e);
