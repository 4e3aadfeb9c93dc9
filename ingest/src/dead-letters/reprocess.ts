import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { commitSubmissions } from '../pipeline/reading-store.ts';
import { validateBatch } from '../pipeline/validate-batch.ts';

export interface ReprocessResult {
  examined: number;
  readingsStored: number;
  stillDead: number;
}

/**
 * Re-run open dead letters through validation and storage, e.g. after an operator fixed a device
 * assignment. Each one is closed as 'reprocessed' in the same transaction that stores its
 * readings; what still fails becomes a new open dead letter, so the history stays intact.
 */
export async function reprocessDeadLetters(
  db: pg.Pool,
  clock: Clock,
  filter: { ids?: number[]; reasons?: string[]; limit?: number; maxFutureMs?: number } = {},
): Promise<ReprocessResult> {
  const { rows } = await db.query<{ id: number; gateway_id: string | null; topic: string | null; raw_payload: Buffer }>(
    `SELECT id, gateway_id, topic, raw_payload FROM dead_letters
      WHERE status = 'open' AND ($1::bigint[] IS NULL OR id = ANY($1)) AND ($2::text[] IS NULL OR reason = ANY($2))
      ORDER BY id LIMIT $3`,
    [filter.ids ?? null, filter.reasons ?? null, filter.limit ?? 1000],
  );
  const result: ReprocessResult = { examined: rows.length, readingsStored: 0, stillDead: 0 };
  for (const dl of rows) {
    const now = clock.now();
    const gatewayId = dl.gateway_id ?? 'unknown';
    const verdict = validateBatch(dl.raw_payload, gatewayId, { now, maxFutureMs: filter.maxFutureMs ?? 600_000 });
    const r = await commitSubmissions(db, [{ gatewayId, topic: dl.topic ?? '', payload: dl.raw_payload, receivedAt: now, verdict }], {
      inTransaction: async (client) => {
        await client.query(`UPDATE dead_letters SET status = 'reprocessed', resolved_at = $2 WHERE id = $1`, [dl.id, now]);
      },
    });
    result.readingsStored += r.readingsStored;
    result.stillDead += r.deadLettered;
  }
  return result;
}
