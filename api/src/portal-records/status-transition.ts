import type pg from 'pg';
import { ConflictError, NotFoundError } from '../../../common/src/errors/index.ts';
import type { stateMachine } from './state-machine.ts';

/**
 * Move a patient's workflow row (refill request, financial-assistance request) to a new status,
 * checked against its state machine. The update only applies while the row still has the status
 * that was checked, so of two concurrent moves one wins and the other gets a 409.
 *
 * @param opts.table - table with `id`, `patient_id` and `status` columns (a code constant)
 * @param opts.set - further columns to set (names are code constants; values are parameters)
 * @throws NotFoundError when the patient has no such row
 * @throws ConflictError for an illegal move, or when someone else moved the row first
 */
export async function moveStatus<S extends string>(
  db: pg.Pool,
  machine: ReturnType<typeof stateMachine<S>>,
  opts: { table: string; id: string; patientId: string; to: S; set: Record<string, unknown>; what: string },
): Promise<void> {
  const { rows } = await db.query<{ status: S }>(`SELECT status FROM ${opts.table} WHERE id = $1 AND patient_id = $2`, [opts.id, opts.patientId]);
  const from = rows[0]?.status;
  if (!from) throw new NotFoundError(`no such ${opts.what}`);
  machine.assert(from, opts.to);
  const columns = Object.keys(opts.set);
  const { rowCount } = await db.query(
    `UPDATE ${opts.table} SET status = $4${columns.map((c, i) => `, ${c} = $${i + 5}`).join('')} WHERE id = $1 AND patient_id = $2 AND status = $3`,
    [opts.id, opts.patientId, from, opts.to, ...Object.values(opts.set)],
  );
  if (!rowCount) throw new ConflictError(`the ${opts.what} was changed by someone else; reload it`);
}
