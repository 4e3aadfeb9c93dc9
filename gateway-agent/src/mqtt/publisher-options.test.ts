import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { ReadingsBatch } from '../../../common/src/wire/readings.ts';
import { createMemoryBuffer } from '../outbox/memory-buffer.ts';
import { makeReadings } from '../outbox/test-readings.ts';
import { PublisherOptionError } from './errors.ts';
import { mqttClientOptions, resolvePublisherOptions, type GatewayPublisherOptions } from './publisher-options.ts';

const ignore = () => undefined;
const base: GatewayPublisherOptions = {
  mqttUrl: 'mqtt://127.0.0.1:1',
  gatewayId: 'hub-1',
  token: 'secret',
  outbox: createMemoryBuffer(),
  clock: new ManualClock(),
  logger: silentLogger(),
  heartbeatMs: 1000,
  commands: { time_sync: ignore, rescan: ignore, reload_config: ignore },
};

describe('publisher options', () => {
  it('defaults to MQTT 3.1.1, rpm/v1, batches of 100 and a window of 4', () => {
    expect(resolvePublisherOptions(base)).toMatchObject({ protocolVersion: 4, topicPrefix: 'rpm/v1', batchSize: 100, maxInflightBatches: 4 });
  });

  it.each<[string, Partial<GatewayPublisherOptions>]>([
    ['gatewayId', { gatewayId: 'a/b' }],
    ['gatewayId', { gatewayId: '+' }],
    ['topicPrefix', { topicPrefix: 'rpm/#' }],
    ['topicPrefix', { topicPrefix: '/rpm' }],
    ['mqttUrl', { mqttUrl: 'http://broker' }],
    ['mqttUrl', { mqttUrl: 'not a url' }],
    ['token', { token: '' }],
    ['batchSize', { batchSize: 0 }],
    ['batchSize', { batchSize: 501 }],
    ['heartbeatMs', { heartbeatMs: 0 }],
  ])('rejects a bad %s when built', (option, override) => {
    expect(() => resolvePublisherOptions({ ...base, ...override })).toThrow(expect.objectContaining({ name: 'PublisherOptionError', option }));
    expect(() => resolvePublisherOptions({ ...base, ...override })).toThrow(PublisherOptionError);
  });

  it('bounds batchSize exactly where the wire contract does', () => {
    const batch = (n: number) => ({ v: 1, gatewayId: 'hub-1', sentAt: '2026-01-01T00:00:00Z', readings: makeReadings(0, n) });
    expect(ReadingsBatch.safeParse(batch(500)).success).toBe(true);
    expect(ReadingsBatch.safeParse(batch(501)).success).toBe(false);
    expect(resolvePublisherOptions({ ...base, batchSize: 500 }).batchSize).toBe(500);
  });

  it('asks for a persistent session under a fixed client id, with a retained QoS 1 offline will', () => {
    const o = mqttClientOptions(resolvePublisherOptions(base), 'rpm/v1/gw/hub-1/status', '{"v":1,"state":"offline"}');
    expect(o).toMatchObject({ clientId: 'gw-hub-1', username: 'hub-1', password: 'secret', clean: false, protocolVersion: 4 });
    expect(o.will).toMatchObject({ topic: 'rpm/v1/gw/hub-1/status', qos: 1, retain: true });
    expect(o.properties).toBeUndefined();
  });

  it('gives MQTT 5 sessions an expiry, since they would otherwise end at disconnect', () => {
    const o = mqttClientOptions(resolvePublisherOptions({ ...base, protocolVersion: 5 }), 's', 'w');
    expect(o.properties).toEqual({ sessionExpiryInterval: 7 * 24 * 3600 });
  });
});
