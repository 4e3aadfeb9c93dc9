import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { parseTraceparent } from '../../../common/src/trace-context.ts';
import { topics, type GatewayStatus } from '../../../common/src/wire/readings.ts';
import { openDiskBuffer } from '../outbox/disk-buffer.ts';
import { createMemoryBuffer } from '../outbox/memory-buffer.ts';
import type { ReadingBuffer } from '../outbox/reading-buffer.ts';
import { makeReading, makeReadings } from '../outbox/test-readings.ts';
import { closeAfterEach, useTempDirs } from '../outbox/test-support.ts';
import type { CommandHandlers } from './command-dispatcher.ts';
import { EventBacklogFullError } from './errors.ts';
import { createGatewayPublisher, type GatewayPublisher } from './gateway-publisher.ts';
import type { GatewayPublisherOptions } from './publisher-options.ts';
import { eventually, TestBroker } from './test-broker.ts';

const GATEWAY = 'hub-1';
const TOKEN = 'hub-1-secret';
const OBSERVER = { username: 'ingest', password: 'ingest-secret' };
const PREFIX = 'rpm/v1';
const STATUS = topics.status(PREFIX, GATEWAY);

let broker: TestBroker;
const freshDir = useTempDirs('publisher-int-');
const observers: MqttClient[] = [];
beforeEach(async () => {
  broker = await TestBroker.create({ gateways: { [GATEWAY]: TOKEN }, observer: OBSERVER });
});
// Registered before closeAfterEach below, so it runs after the publishers are closed.
afterEach(async () => {
  await Promise.all(observers.splice(0).map((o) => o.endAsync(true)));
  await broker.stop();
});
const trackPublisher = closeAfterEach<GatewayPublisher>();

const noCommands = (): CommandHandlers => ({ time_sync: vi.fn(), rescan: vi.fn(), reload_config: vi.fn() });

function startPublisher(outbox: ReadingBuffer, overrides: Partial<GatewayPublisherOptions> = {}): GatewayPublisher {
  return trackPublisher(
    createGatewayPublisher({
      mqttUrl: broker.url,
      gatewayId: GATEWAY,
      token: TOKEN,
      outbox,
      clock: new ManualClock(),
      logger: silentLogger(),
      heartbeatMs: 60_000,
      commands: noCommands(),
      reconnectPeriodMs: 100,
      ...overrides,
    }),
  );
}

function nextEvent(publisher: GatewayPublisher, event: 'connected' | 'disconnected' | 'drained'): Promise<void> {
  return new Promise((resolve) => publisher.once(event, () => resolve()));
}

async function observe(topic: string): Promise<{ payload: GatewayStatus; retain: boolean }[]> {
  const client = await connectAsync(broker.url, { ...OBSERVER, clientId: `obs-${observers.length}`, reconnectPeriod: 0 });
  observers.push(client);
  const seen: { payload: GatewayStatus; retain: boolean }[] = [];
  client.on('message', (_topic, payload, packet) => seen.push({ payload: JSON.parse(payload.toString()) as GatewayStatus, retain: packet.retain }));
  await client.subscribeAsync(topic, { qos: 1 });
  return seen;
}

const statuses = () => broker.messages.filter((m) => m.topic === STATUS).map((m) => m.payload as GatewayStatus);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['memory', async () => createMemoryBuffer()],
  ['disk', async () => openDiskBuffer({ dir: freshDir(), segmentBytes: 64 * 1024 })],
])('draining a %s outbox', (_kind, openOutbox) => {
  it('delivers every appended reading exactly once, in append order, and empties the outbox', async () => {
    const outbox = await openOutbox();
    await outbox.append(makeReadings(0, 250));
    const publisher = startPublisher(outbox, { batchSize: 40 });
    await nextEvent(publisher, 'drained');
    for (let i = 250; i < 1000; i += 50) await outbox.append(makeReadings(i, 50));
    await eventually('1000 readings at the broker', () => broker.readingIds().length >= 1000 && outbox.depth() === 0);

    expect(broker.readingIds()).toEqual(makeReadings(0, 1000).map((r) => r.id));
    expect(broker.batches.every((b) => b.readings.length <= 40 && b.gatewayId === GATEWAY)).toBe(true);
    // every batch starts its own trace (docs/mqtt-protocol.md#tracing)
    const traces = broker.batches.map((b) => parseTraceparent(b.traceparent)?.traceId);
    expect(traces.every((t) => t !== undefined)).toBe(true);
    expect(new Set(traces).size).toBe(broker.batches.length);
    expect(statuses()[0]).toMatchObject({ v: 1, state: 'online', outboxDepth: 250 });
    expect(publisher.stats()).toMatchObject({ readingsAcked: 1000, inflightBatches: 0 });
    await outbox.close();
  });
});

describe('acknowledgement', () => {
  it('keeps readings in the outbox until the PUBACK, with at most maxInflightBatches waiting', async () => {
    const outbox = createMemoryBuffer();
    let waiting = 0;
    let mostWaiting = 0;
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    broker.beforeAccept = async () => {
      mostWaiting = Math.max(mostWaiting, ++waiting);
      await gate;
      waiting -= 1;
    };
    const publisher = startPublisher(outbox, { batchSize: 5, maxInflightBatches: 3 });
    await outbox.append(makeReadings(0, 40));
    await eventually('three batches held by the broker', () => waiting === 3);
    await delay(200);
    expect(outbox.depth()).toBe(40);
    expect(broker.batches).toHaveLength(0);
    expect(publisher.stats().inflightBatches).toBe(3);

    openGate();
    await eventually('outbox emptied', () => outbox.depth() === 0);
    expect(mostWaiting).toBe(3);
    expect(broker.readingIds()).toEqual(makeReadings(0, 40).map((r) => r.id));
  });

  it('resends a batch the broker refused (connection dropped) until it is accepted, losing nothing', async () => {
    const outbox = createMemoryBuffer();
    let refusals = 3;
    broker.beforeAccept = async () => {
      if (refusals-- > 0) throw new Error('database unavailable');
    };
    const publisher = startPublisher(outbox, { batchSize: 10, maxInflightBatches: 1 });
    await nextEvent(publisher, 'connected');
    const disconnected = nextEvent(publisher, 'disconnected');
    await outbox.append(makeReadings(0, 30));
    await disconnected;
    expect(outbox.depth()).toBe(30);
    await eventually('outbox emptied', () => outbox.depth() === 0);
    expect(refusals).toBeLessThan(0);
    expect(broker.readingIds()).toEqual(makeReadings(0, 30).map((r) => r.id));
  });
});

describe('broker outage', () => {
  it('after a simulated hour offline and a broker restart on the same port, delivers everything in order', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 8));
    const outbox = await openDiskBuffer({ dir: freshDir() });
    const publisher = startPublisher(outbox, { clock, batchSize: 7 });
    await nextEvent(publisher, 'drained');
    await outbox.append(makeReadings(0, 10));
    await eventually('first readings delivered', () => outbox.depth() === 0);

    const down = nextEvent(publisher, 'disconnected');
    await broker.stop();
    await down;
    // One reading a minute for an hour of device time, in a second of wall time.
    for (let minute = 1; minute <= 60; minute++) {
      clock.advance(60_000);
      await outbox.append([makeReading(9 + minute, 'meter-1', clock.now().getTime())]);
      await delay(15);
    }
    expect(outbox.depth()).toBe(60);
    expect(publisher.connected).toBe(false);

    const up = nextEvent(publisher, 'connected');
    await broker.start();
    await up;
    await eventually('backlog delivered', () => outbox.depth() === 0 && broker.readingIds().length >= 70);
    const ids = broker.readingIds();
    expect(new Set(ids).size).toBe(70);
    expect([...new Set(ids)]).toEqual(makeReadings(0, 70).map((r) => r.id));
    const times = broker.batches.flatMap((b) => b.readings.map((r) => Date.parse(r.measuredAt))).slice(-60);
    expect((times.at(-1)! - times[0]!) / 60_000).toBe(59);
    expect(statuses().at(-1)).toMatchObject({ state: 'online' });
    await publisher.close();
    await outbox.close();
  });
});

describe('status', () => {
  it('publishes the retained last will when the connection is cut, and online again after reconnecting', async () => {
    const publisher = startPublisher(createMemoryBuffer(), { reconnectPeriodMs: 1_500 });
    await nextEvent(publisher, 'connected');
    const live = await observe(STATUS);
    broker.dropConnection(`gw-${GATEWAY}`);
    await eventually('will delivered', () => live.some((m) => m.payload.state === 'offline'));
    expect(live.find((m) => m.payload.state === 'offline')!.payload).toEqual({ v: 1, state: 'offline' });
    expect(broker.messages.find((m) => m.topic === STATUS && (m.payload as GatewayStatus).state === 'offline')).toMatchObject({ retain: true });

    const late = await observe(STATUS);
    await eventually('retained offline for a late subscriber', () => late.length > 0);
    expect(late[0]).toEqual({ payload: { v: 1, state: 'offline' }, retain: true });
    await eventually('online again', () => live.at(-1)?.payload.state === 'online');
  });

  it('on close publishes a retained offline status with its time', async () => {
    const publisher = startPublisher(createMemoryBuffer());
    await nextEvent(publisher, 'connected');
    await publisher.close();
    const late = await observe(STATUS);
    await eventually('retained status', () => late.length > 0);
    expect(late[0]).toEqual({ payload: { v: 1, state: 'offline', at: '2026-01-01T00:00:00.000Z' }, retain: true });
  });

  it('sends heartbeats with uptime, outbox depth and device battery/RSSI', async () => {
    const clock = new ManualClock();
    const outbox = createMemoryBuffer();
    broker.beforeAccept = () => new Promise(() => undefined);
    const publisher = startPublisher(outbox, { clock, heartbeatMs: 50, deviceStatus: () => [{ deviceId: 'meter-1', battery: 80, rssi: -61 }] });
    await nextEvent(publisher, 'connected');
    await outbox.append(makeReadings(0, 3));
    clock.advance(90_000);
    await eventually('heartbeat with depth', () => statuses().some((s) => s.outboxDepth === 3 && s.uptimeS === 90));
    expect(statuses().find((s) => s.uptimeS === 90)).toEqual({
      v: 1,
      state: 'online',
      at: '2026-01-01T00:01:30.000Z',
      uptimeS: 90,
      outboxDepth: 3,
      devices: [{ deviceId: 'meter-1', battery: 80, rssi: -61 }],
    });
  });
});

describe('events', () => {
  it('publishes gateway events and resolves on the PUBACK', async () => {
    const publisher = startPublisher(createMemoryBuffer());
    await nextEvent(publisher, 'connected');
    await publisher.publishEvent({ type: 'battery', deviceId: 'meter-1', detail: { level: 15 } });
    expect(broker.messages.find((m) => m.topic === topics.events(PREFIX, GATEWAY))).toEqual({
      topic: topics.events(PREFIX, GATEWAY),
      retain: false,
      payload: { v: 1, type: 'battery', at: '2026-01-01T00:00:00.000Z', deviceId: 'meter-1', detail: { level: 15 } },
    });
  });

  it('holds a bounded number of events while offline and sends them after reconnecting', async () => {
    const publisher = startPublisher(createMemoryBuffer(), { maxPendingEvents: 2 });
    await nextEvent(publisher, 'connected');
    const down = nextEvent(publisher, 'disconnected');
    await broker.stop();
    await down;
    const sent = [publisher.publishEvent({ type: 'device_connected', deviceId: 'a' }), publisher.publishEvent({ type: 'device_connected', deviceId: 'b' })];
    await expect(publisher.publishEvent({ type: 'device_connected', deviceId: 'c' })).rejects.toBeInstanceOf(EventBacklogFullError);
    await broker.start();
    await Promise.all(sent);
    const events = broker.messages.filter((m) => m.topic === topics.events(PREFIX, GATEWAY)).map((m) => (m.payload as { deviceId: string }).deviceId);
    expect(events).toEqual(['a', 'b']);
  });
});

describe('commands', () => {
  const cmdTopic = topics.cmd(PREFIX, GATEWAY);
  const subscribed = () => broker.subscriptions.includes(`gw-${GATEWAY} ${cmdTopic}`);

  it('dispatches valid commands to their handler and ignores invalid ones', async () => {
    const commands = noCommands();
    const publisher = startPublisher(createMemoryBuffer(), { commands });
    await eventually('cmd subscription', subscribed);
    await broker.publish(cmdTopic, '{"v":1,"type":"self_destruct","id":"x"}');
    await broker.publish(cmdTopic, 'not json');
    await broker.publish(cmdTopic, JSON.stringify({ v: 1, type: 'time_sync', id: 'c-1' }));
    await eventually('time_sync handled', () => vi.mocked(commands.time_sync).mock.calls.length === 1);
    expect(commands.time_sync).toHaveBeenCalledWith({ v: 1, type: 'time_sync', id: 'c-1' });
    expect(commands.rescan).not.toHaveBeenCalled();
    expect(publisher.stats().commands).toEqual({ handled: 1, invalid: 2, duplicate: 0, failed: 0 });
  });

  it('receives a command sent while it was away (persistent session, fixed client id)', async () => {
    const first = startPublisher(createMemoryBuffer());
    await eventually('cmd subscription', subscribed);
    await first.close();
    await broker.publish(cmdTopic, JSON.stringify({ v: 1, type: 'rescan', id: 'while-away' }));

    const commands = noCommands();
    const second = startPublisher(createMemoryBuffer(), { commands });
    const connected = new Promise<{ sessionPresent: boolean }>((resolve) => second.once('connected', resolve));
    expect(await connected).toEqual({ sessionPresent: true });
    await eventually('queued rescan delivered', () => vi.mocked(commands.rescan).mock.calls.length === 1);
  });
});

describe('authentication', () => {
  it('reports a refused token and delivers nothing', async () => {
    const outbox = createMemoryBuffer();
    await outbox.append(makeReadings(0, 3));
    const publisher = startPublisher(outbox, { token: 'wrong' });
    const error = await new Promise<Error>((resolve) => publisher.once('error', resolve));
    expect(error.message).toMatch(/Bad username or password|Not authorized/i);
    expect(broker.batches).toHaveLength(0);
    expect(outbox.depth()).toBe(3);
  });
});
