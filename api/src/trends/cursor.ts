/**
 * Opaque page cursors for raw readings: the (measured_at, reading_id) of the last row served,
 * which is the keyset the next page continues after. measured_at travels as PostgreSQL's exact
 * text (microseconds), since a JavaScript Date would round it to milliseconds and could skip or
 * repeat rows. The cursor also names the metric and order it was made for, so it cannot be
 * replayed against another query by mistake.
 */
import { z } from 'zod';
import { ValidationError } from '../../../common/src/errors/index.ts';

const CursorState = z.object({
  v: z.literal(1),
  /** measured_at in UTC with microseconds, as SQL wrote it */
  t: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
  metric: z.string(),
  order: z.enum(['asc', 'desc']),
});
export type CursorState = z.infer<typeof CursorState>;

export function encodeCursor(state: Omit<CursorState, 'v'>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...state }), 'utf8').toString('base64url');
}

/**
 * @throws ValidationError for a cursor that is malformed or made for another metric or order
 */
export function decodeCursor(cursor: string, expected: { metric: string; order: 'asc' | 'desc' }): CursorState {
  const invalid = (message: string) => new ValidationError('the cursor is not valid', [{ path: 'cursor', message }]);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this API made');
  }
  const state = CursorState.safeParse(raw);
  if (!state.success) throw invalid('not a cursor this API made');
  if (state.data.metric !== expected.metric || state.data.order !== expected.order) throw invalid('the cursor belongs to another query (metric or order differs)');
  return state.data;
}
