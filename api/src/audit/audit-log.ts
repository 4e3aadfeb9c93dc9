import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { appendEntry, verifyChain, type AuditRecord, type ChainVerification } from '../identity/crypto/audit-chain.ts';

export interface AuditInput {
  actor: string;
  actorRole?: string | null;
  patientId: string | null;
  action: string;
  resource: string;
  reason?: string | null;
  requestId: string;
}

/** Any lock key works as long as every writer uses the same one. */
const AUDIT_LOCK = 7_263_911_004_215_513n;

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Append entries to the hash-chained audit log. Writers are serialised by a transaction-level
 * advisory lock, so seq stays contiguous and each entry links to the true predecessor even with
 * many API replicas. Pass a client inside a transaction to make the audit entry commit (or roll
 * back) together with the action it records.
 */
export async function appendAudit(db: pg.Pool | pg.PoolClient, clock: Clock, entries: AuditInput[]): Promise<void> {
  if (!entries.length) return;
  if ('totalCount' in db) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await appendLocked(client, clock, entries);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  } else {
    await appendLocked(db, clock, entries);
  }
}

async function appendLocked(client: Queryable, clock: Clock, entries: AuditInput[]): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK.toString()]);
  const { rows } = await client.query<DbRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');
  let prev: AuditRecord | null = rows[0] ? toRecord(rows[0]) : null;
  const at = clock.now().toISOString();
  const out: Array<{ r: AuditRecord; role: string | null; patientId: string | null }> = [];
  for (const e of entries) {
    const r = appendEntry(prev, { actor: e.actor, patient: e.patientId, action: e.action, resource: e.resource, at, reason: e.reason ?? null, requestId: e.requestId });
    out.push({ r, role: e.actorRole ?? null, patientId: e.patientId });
    prev = r;
  }
  await client.query(
    `INSERT INTO audit_log (seq, at, actor, actor_role, patient_id, action, resource, reason, request_id, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
    [
      out.map((o) => o.r.seq),
      out.map((o) => o.r.at),
      out.map((o) => o.r.actor),
      out.map((o) => o.role),
      out.map((o) => o.patientId),
      out.map((o) => o.r.action),
      out.map((o) => o.r.resource),
      out.map((o) => o.r.reason),
      out.map((o) => o.r.requestId),
      out.map((o) => o.r.prevHash),
      out.map((o) => o.r.hash),
    ],
  );
}

interface DbRow {
  seq: number;
  at: string;
  actor: string;
  patient_id: string | null;
  action: string;
  resource: string;
  reason: string | null;
  request_id: string;
  prev_hash: string;
  hash: string;
}

function toRecord(r: DbRow): AuditRecord {
  return { seq: Number(r.seq), at: r.at, actor: r.actor, patient: r.patient_id, action: r.action, resource: r.resource, reason: r.reason, requestId: r.request_id, prevHash: r.prev_hash, hash: r.hash };
}

/** Verify the whole chain, streaming in pages; reports the first broken seq. */
export async function verifyAuditLog(db: pg.Pool, pageSize = 5000): Promise<ChainVerification & { checked: number; brokenSeq?: number }> {
  let anchor = { seq: 0, hash: '0'.repeat(64) };
  let checked = 0;
  for (;;) {
    const { rows } = await db.query<DbRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [anchor.seq, pageSize]);
    if (!rows.length) return { ok: true, checked };
    const records = rows.map(toRecord);
    const v = verifyChain(records, anchor);
    if (!v.ok) return { ...v, checked: checked + v.brokenAt, brokenSeq: records[v.brokenAt]!.seq };
    checked += records.length;
    anchor = { seq: records.at(-1)!.seq, hash: records.at(-1)!.hash };
  }
}
