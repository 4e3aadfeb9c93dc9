import type { InstantBound } from '../search/date-param.ts';

/**
 * Positional parameters for SQL assembled from optional search filters: `add(value)` returns the
 * placeholder (`$3`), so conditions are written next to their values and never by string
 * interpolation of user input. One instance per query.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** The next placeholder number, for helpers that number their own parameters. */
  get next(): number {
    return this.values.length + 1;
  }
}

/** `col >= $n AND col < $m …` for date bounds; `TRUE` when there are none. */
export function instantConditions(column: string, bounds: readonly InstantBound[], p: SqlParams): string {
  return bounds.length ? bounds.map((b) => `${column} ${b.op} ${p.add(b.at)}`).join(' AND ') : 'TRUE';
}

/** Keyset condition after (or before) the last row served, for `(sortColumn, idColumn)` order. */
export function keysetCondition(cols: { at: string; id: string; atType: string }, order: 'asc' | 'desc', after: { at: string; id: string } | null, p: SqlParams): string {
  if (!after) return 'TRUE';
  return `(${cols.at}, ${cols.id}) ${order === 'desc' ? '<' : '>'} (${p.add(after.at)}::${cols.atType}, ${p.add(after.id)})`;
}

/** The SQL text of an instant with microseconds, the precision a keyset needs. */
export const exactInstantSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** The SQL text of an instant as FHIR writes it (milliseconds, UTC). */
export const fhirInstantSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
