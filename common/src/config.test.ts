import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.ts';
import { loadIngestConfig } from '../../ingest/src/config.ts';
import { loadApiConfig } from '../../api/src/config.ts';
import { loadAlertsConfig } from '../../alerts/src/config.ts';
import { loadGatewayConfig } from '../../gateway-agent/src/config.ts';

const DB = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vitals' };
const SECRET = { SESSION_SECRET: 'x'.repeat(32) };

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has defaults that run locally', () => {
    const c = loadIngestConfig(DB);
    expect(c.MQTT_PORT).toBe(1884);
    expect(c.MQTT_TOPIC_PREFIX).toBe('rpm/v1');
    expect(c.REDIS_URL).toBeUndefined();
    expect(loadApiConfig({ ...DB, ...SECRET }).HTTP_PORT).toBe(3000);
    expect(loadAlertsConfig(DB).HTTP_PORT).toBe(9102);
    expect(loadGatewayConfig({ GATEWAY_ID: 'gw-1', GATEWAY_TOKEN: 't'.repeat(20) }).MQTT_PROTOCOL_VERSION).toBe(4);
  });

  it('names a missing variable in one line', () => {
    const e = errorOf(() => loadIngestConfig({}));
    expect(e.message).toBe('config: DATABASE_URL is missing: expected a URL starting with postgres:// or postgresql://');
    expect(e.message).not.toContain('\n');
  });

  it('names a bad value and what is expected', () => {
    expect(errorOf(() => loadIngestConfig({ ...DB, MQTT_PORT: 'abc' })).message).toBe(
      'config: MQTT_PORT is "abc": expected a TCP port number from 0 to 65535',
    );
    expect(errorOf(() => loadIngestConfig({ ...DB, MQTT_PORT: '70000' })).variable).toBe('MQTT_PORT');
    expect(errorOf(() => loadIngestConfig({ ...DB, REDIS_URL: 'http://x' })).message).toContain('REDIS_URL is "http://x": expected a URL starting with redis://');
    expect(errorOf(() => loadApiConfig({ ...DB, SESSION_SECRET: 'short' })).message).toContain('SESSION_SECRET');
    expect(errorOf(() => loadGatewayConfig({ GATEWAY_ID: 'gw-1', GATEWAY_TOKEN: 't'.repeat(20), GATEWAY_TIMEZONE: 'Mars/Olympus' })).message).toBe(
      'config: GATEWAY_TIMEZONE is "Mars/Olympus": expected an IANA time zone such as Europe/Berlin',
    );
    expect(errorOf(() => loadGatewayConfig({ GATEWAY_ID: 'gw-1', GATEWAY_TOKEN: 't'.repeat(20), SIMULATE: 'maybe' })).message).toContain('SIMULATE is "maybe": expected true or false');
  });
});
