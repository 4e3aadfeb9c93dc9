import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { REDIS_URL } from '../../test/support/services.ts';
import { createPostgresLiveEvents, createRedisLiveEvents, type LiveEvent, type LiveEvents } from './live-events.ts';

const db = useTestDb();

async function roundTrip(live: LiveEvents) {
  const got: LiveEvent[] = [];
  const unsubscribe = await live.subscribe((e) => got.push(e));
  const event: LiveEvent = { type: 'readings', patientId: randomUUID(), metrics: ['glucose'], count: 3, latestAt: new Date().toISOString() };
  await live.publish(event);
  for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await unsubscribe();
  await live.close();
  return { got, event };
}

describe('live events', () => {
  it('delivers through Redis pub/sub', async () => {
    const { got, event } = await roundTrip(createRedisLiveEvents(REDIS_URL, { channel: `t_${randomBytes(4).toString('hex')}` }));
    expect(got).toEqual([event]);
  });
  it('delivers through PostgreSQL LISTEN/NOTIFY', async () => {
    const { got, event } = await roundTrip(createPostgresLiveEvents(db().pool, db().url));
    expect(got).toEqual([event]);
  });

  it.each([
    ['Redis', () => createRedisLiveEvents(REDIS_URL, { channel: `t_${randomBytes(4).toString('hex')}` })],
    ['PostgreSQL', () => createPostgresLiveEvents(db().pool, db().url, { channel: `t_${randomBytes(4).toString('hex')}` })],
  ] as const)('gives a subscriber that names types only those, through %s', async (_, make) => {
    const live = make();
    const all: LiveEvent[] = [];
    const alerts: LiveEvent[] = [];
    const stopAll = await live.subscribe((e) => all.push(e));
    const stopAlerts = await live.subscribe((e) => alerts.push(e), ['alert']);
    const reading: LiveEvent = { type: 'readings', patientId: randomUUID(), metrics: ['glucose'], count: 1, latestAt: new Date().toISOString() };
    const alert: LiveEvent = { type: 'alert', patientId: randomUUID(), alertId: randomUUID(), severity: 'urgent', state: 'acknowledged' };
    await live.publish(reading);
    await live.publish(alert);
    for (let i = 0; i < 100 && all.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await Promise.all([stopAll(), stopAlerts()]);
    await live.close();
    expect(all).toEqual([reading, alert]);
    expect(alerts).toEqual([alert]);
  });
});
