import { describe, expect, it } from 'vitest';
import { readingId } from '../../../common/src/reading-id.ts';
import type { ReadingsBatch } from '../../../common/src/wire/readings.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, GATEWAYS, PATIENTS } from '../../../db/src/seed-data.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { commitSubmissions, type Submission } from './reading-store.ts';

const db = useTestDb({ poolMax: 10 });
const DEVICES = 40;

/** One accepted batch of one glucose reading per device key, in the order given. */
function submission(keys: readonly string[], sequence: number, at: Date): Submission {
  const gatewayId = GATEWAYS[0].id;
  const batch: ReadingsBatch = {
    v: 1,
    gatewayId,
    sentAt: at.toISOString(),
    readings: keys.map((key) => ({ id: readingId(key, '2A18', { sequence }), deviceId: key, characteristic: '2A18', sequence, measuredAt: at.toISOString(), values: [{ metric: 'glucose' as const, value: 100 + sequence, unit: 'mg/dL' }] })),
  };
  return { gatewayId, topic: `rpm/v1/gw/${gatewayId}/readings`, payload: Buffer.from(JSON.stringify(batch)), receivedAt: at, verdict: { ok: true, batch, accepted: batch.readings, rejected: [] } };
}

describe('concurrent group commits', () => {
  it('do not deadlock when they touch the same devices and readings in different orders (several ingest replicas, resends)', async () => {
    await seedDemo(db().pool);
    const keys = Array.from({ length: DEVICES }, (_, i) => `CONC-${String(i).padStart(3, '0')}`);
    await db().pool.query(
      `WITH d AS (INSERT INTO devices (clinic_id, device_key, type, gateway_id) SELECT $1, k, 'glucose_meter', $2 FROM unnest($3::text[]) AS k RETURNING id)
       INSERT INTO device_assignments (device_id, patient_id, valid) SELECT id, $4, tstzrange('2026-01-01', NULL) FROM d`,
      [CLINIC.id, GATEWAYS[0].id, keys, PATIENTS[0].id],
    );
    const shuffled = (xs: readonly string[], seed: number) => [...xs].sort((a, b) => ((a.charCodeAt(7) * 31 + seed * 17) % 97) - ((b.charCodeAt(7) * 31 + seed * 17) % 97) || (seed % 2 ? a.localeCompare(b) : b.localeCompare(a)));
    const at = new Date(Date.now() - 60_000);
    for (let round = 0; round < 30; round++) {
      // four commits at once over the same devices, each in its own order, two of them the same readings (a resend)
      const results = await Promise.allSettled([
        commitSubmissions(db().pool, [submission(keys, round, at)]),
        commitSubmissions(db().pool, [submission([...keys].reverse(), round, at)]),
        commitSubmissions(db().pool, [submission(shuffled(keys, round), 1000 + round, at)]),
        commitSubmissions(db().pool, [submission(shuffled(keys, round + 1).reverse(), 2000 + round, at)]),
      ]);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failed.map((f) => (f.reason as Error).message), `round ${round}`).toEqual([]);
    }
    const { rows } = await db().pool.query<{ n: number }>('SELECT count(*)::int AS n FROM readings r JOIN devices d ON d.id = r.device_id WHERE d.device_key = ANY($1::text[])', [keys]);
    // per round: the resent pair stored once, the other two once each
    expect(rows[0]!.n).toBe(30 * 3 * DEVICES);
  }, 60_000);
});
