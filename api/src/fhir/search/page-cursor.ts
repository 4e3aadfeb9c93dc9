/**
 * Opaque keyset cursors for FHIR search pages: the sort value and id of the last entry served, so
 * the next page continues after it however many rows arrive meanwhile (no OFFSET drift). The sort
 * value travels as PostgreSQL's exact text (microseconds). The cursor also carries a fingerprint of
 * the search it was made for, so it cannot be replayed against another search by mistake; it
 * grants nothing by itself, since every page re-checks access.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../../../common/src/errors/index.ts';

const CursorState = z.object({ v: z.literal(1), at: z.string().max(40), id: z.string().max(100), f: z.string().length(16) });
export type Keyset = { at: string; id: string };

/** A fingerprint of a search: resource type, patient and the parameters that took part. */
export function searchFingerprint(resourceType: string, patientId: string | null, used: URLSearchParams): string {
  const canonical = [...used.entries()].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
  return createHash('sha256').update(JSON.stringify([resourceType, patientId, canonical])).digest('hex').slice(0, 16);
}

export function encodePageCursor(last: Keyset, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, at: last.at, id: last.id, f: fingerprint }), 'utf8').toString('base64url');
}

/** @throws ValidationError when the cursor is malformed or belongs to another search */
export function decodePageCursor(cursor: string, fingerprint: string): Keyset {
  const invalid = (message: string) => new ValidationError('the paging cursor is not valid', [{ path: '_cursor', message }]);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this server made');
  }
  const state = CursorState.safeParse(raw);
  if (!state.success) throw invalid('not a cursor this server made');
  if (state.data.f !== fingerprint) throw invalid('the cursor belongs to another search; follow the next link as given');
  return { at: state.data.at, id: state.data.id };
}
