import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { inTransaction } from '../../../db/src/transaction.ts';
import type { Notifier } from '../notifications/notifier.ts';
import { portalRecipients } from '../notifications/recipients.ts';

export interface ReleaseDeps {
  db: pg.Pool;
  clock: Clock;
  notifier: Notifier;
}

/** Enough for one pass; a backlog drains over the next passes. */
const BATCH = 500;

/**
 * Tell patients (and the proxies the policy lets see each result) about results whose release time
 * has come. Each result is marked and its notifications written in one transaction, so every
 * result is announced exactly once even with several API replicas sweeping (SKIP LOCKED).
 *
 * @param opts.resultId - only this result (verification with no delay announces it at once)
 * @returns how many results were announced
 */
export async function releaseDueResults(deps: ReleaseDeps, opts: { resultId?: string } = {}): Promise<number> {
  const now = deps.clock.now();
  const { count, emails } = await inTransaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{ id: string; patient_id: string; category: string; adolescent_confidential: boolean; display_name: string }>(
      `UPDATE lab_results SET release_notified_at = $1
        WHERE id IN (SELECT id FROM lab_results WHERE release_at <= $1 AND release_notified_at IS NULL AND ($2::uuid IS NULL OR id = $2)
                      ORDER BY release_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, patient_id, category, adolescent_confidential, display_name`,
      [now, opts.resultId ?? null, BATCH],
    );
    const queued: string[] = [];
    for (const r of rows) {
      const users = await portalRecipients(tx, r.patient_id, 'results', { category: r.category, adolescentConfidential: r.adolescent_confidential }, now);
      queued.push(...(await deps.notifier.notifyIn(tx, users.map((userId) => ({ userId, kind: 'new_result' as const, title: `New result: ${r.display_name}`, link: `/results/${r.id}` })))));
    }
    return { count: rows.length, emails: queued };
  });
  await deps.notifier.sendEmails(emails);
  return count;
}

/**
 * Run {@link releaseDueResults} every `intervalMs` (default one minute) until closed. A pass still
 * running when the next is due is not overlapped; a failed pass is logged and the next one retries.
 */
export function startResultReleaseJob(deps: ReleaseDeps & { logger: Logger; intervalMs?: number }): { close(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    releaseDueResults(deps)
      .then((n) => n > 0 && deps.logger.info({ released: n }, 'results released to patients'))
      .catch((err: unknown) => deps.logger.error({ err: (err as Error).message }, 'result release pass failed'))
      .finally(() => {
        running = false;
      });
  }, deps.intervalMs ?? 60_000);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
