/**
 * Hashing for the append-only, hash-chained audit log ("who viewed my record").
 *
 * Each record stores the hash of the one before it and its own hash, SHA-256 over
 * `prevHash + canonicalJson(entry)`. Changing, deleting or reordering any record then breaks the
 * chain at that point, and {@link verifyChain} says where and how. The chain cannot, on its own,
 * show that records were cut off the end: for that the head (latest `seq` and `hash`) must be
 * kept somewhere the database's writers cannot rewrite, and checked against the last record.
 */
import { CanonicalJsonError } from './errors.ts';
import { sha256Hex } from './primitives.ts';

/** A JSON value that {@link canonicalJson} accepts. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** `prevHash` of the first record: 64 zeros, which no SHA-256 output is expected to equal. */
export const GENESIS_HASH = '0'.repeat(64);

/** What is hashed for one audit record. (A type alias, not an interface, so it is a {@link JsonValue}.) */
export type AuditEntry = {
  /** Position in the chain, 1 for the first record; contiguous, so a deletion leaves a gap. */
  seq: number;
  /** Who acted: a user, proxy, clinician, admin or gateway id. */
  actor: string;
  /** Whose health data was touched, or `null` for actions on no patient (e.g. a login). */
  patient: string | null;
  /** What was done, e.g. `observation.read`. */
  action: string;
  /** What it was done to, e.g. `observation/123`. */
  resource: string;
  /** When, as an ISO 8601 string; stored and hashed as exactly this text. */
  at: string;
  /** Why (e.g. the care-team or break-glass justification), or `null`. */
  reason: string | null;
  /** Correlates the entry with the request logs. */
  requestId: string;
};

/** An audit record as stored: the entry plus its chain links. */
export type AuditRecord = AuditEntry & {
  /** `hash` of the record before, or {@link GENESIS_HASH} for the first. */
  prevHash: string;
  /** {@link entryHash} of this record. */
  hash: string;
};

/** A known point to verify a slice of the chain from: the record just before the slice. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

/** Where a chain verification started when the slice begins at the first record. */
export const GENESIS_ANCHOR: ChainAnchor = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/** Result of {@link verifyChain}. */
export type ChainVerification =
  | { ok: true }
  | { ok: false; brokenAt: number; reason: 'hash_mismatch' | 'prev_mismatch' | 'sequence_gap' };

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, strings and numbers as
 * `JSON.stringify` writes them. For the strings, integers and nulls of audit entries this is the
 * RFC 8785 (JCS) serialisation, so any implementation can recompute the hashes.
 *
 * @throws CanonicalJsonError on `undefined`, a non-finite number, or an object that is not a
 * plain object (a `Date`, say, whose fields `JSON.stringify` would silently drop or convert)
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(`cannot serialise the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: JsonValue) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const object = value as { readonly [key: string]: JsonValue };
    const members = Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key]!)}`);
    return `{${members.join(',')}}`;
  }
  throw new CanonicalJsonError(`cannot serialise a value of type ${typeof value}`);
}

/** Only the hashed fields, so extra columns (`id`, `prevHash`, `hash`) never change a hash. */
function hashedFields(entry: AuditEntry): AuditEntry {
  const { seq, actor, patient, action, resource, at, reason, requestId } = entry;
  return { seq, actor, patient, action, resource, at, reason, requestId };
}

/**
 * SHA-256 hex over `prevHash` followed by the canonical JSON of the entry's fields. `prevHash`
 * is fixed-length hex, so the concatenation is unambiguous.
 *
 * @throws CanonicalJsonError when `prevHash` is not 64 lowercase hex characters or a field cannot
 * be serialised
 */
export function entryHash(prevHash: string, entry: AuditEntry): string {
  if (!HEX_HASH.test(prevHash)) throw new CanonicalJsonError('prevHash must be 64 lowercase hex characters');
  return sha256Hex(prevHash + canonicalJson(hashedFields(entry)));
}

/**
 * The next record of the chain. Appends must be serialised (one writer at a time, e.g. a row lock
 * on the chain head), or two replicas would link two records to the same predecessor.
 *
 * @param previous - the current last record, or `null` for the first record
 * @param entry - the entry, without its sequence number
 */
export function appendEntry(previous: AuditRecord | null, entry: Omit<AuditEntry, 'seq'>): AuditRecord {
  const anchor = previous ?? GENESIS_ANCHOR;
  const fields: AuditEntry = { ...entry, seq: anchor.seq + 1 };
  return { ...hashedFields(fields), prevHash: anchor.hash, hash: entryHash(anchor.hash, fields) };
}

/**
 * Checks records in chain order. For each record, in this order: its `seq` follows the previous
 * one (else `'sequence_gap'`: a deletion or reordering), its `prevHash` is the previous record's
 * `hash` (else `'prev_mismatch'`: a record before it was rewritten with a fresh hash, or removed
 * and renumbered), and its `hash` matches its content (else `'hash_mismatch'`: it was altered).
 *
 * @param records - records sorted by `seq` as read from storage
 * @param anchor - the record before the first one given; default the genesis, for a whole chain
 * @returns `{ ok: true }`, or the index in `records` of the first broken record and why
 */
export function verifyChain(records: readonly AuditRecord[], anchor: ChainAnchor = GENESIS_ANCHOR): ChainVerification {
  let expected = anchor;
  for (const [index, record] of records.entries()) {
    const broken = (reason: 'hash_mismatch' | 'prev_mismatch' | 'sequence_gap') => ({ ok: false, brokenAt: index, reason }) as const;
    if (record.seq !== expected.seq + 1) return broken('sequence_gap');
    if (record.prevHash !== expected.hash) return broken('prev_mismatch');
    if (!HEX_HASH.test(record.hash) || entryHash(record.prevHash, record) !== record.hash) return broken('hash_mismatch');
    expected = record;
  }
  return { ok: true };
}
