/**
 * The parts of a FHIR search request every resource shares (R4 search.html): the declared
 * parameters, `_count`, `_sort`, `_total`, and this server's paging cursor. Unknown parameters are
 * ignored, as the spec asks by default, unless the client sends `Prefer: handling=strict`.
 */
import { ValidationError } from '../../../../common/src/errors/index.ts';
import { parseDateParam, type InstantBound } from './date-param.ts';
import { parseTokenParam, tokenMatches, type TokenMatch } from './token-param.ts';

export interface SearchParamSpec {
  name: string;
  type: 'token' | 'date' | 'reference' | 'string';
  description: string;
}

/** What a resource type's search accepts. */
export interface SearchSpec {
  params: readonly SearchParamSpec[];
  /** Sort keys (`date` ⇒ `_sort=date` and `_sort=-date`); the first is the default, descending. */
  sorts: readonly string[];
}

export interface ParsedSearch {
  /** Page size: `_count`, default 50, at most MAX_COUNT; 0 asks for the total only. */
  count: number;
  sort: { key: string; order: 'asc' | 'desc' };
  cursor: string | undefined;
  /** Whether to compute Bundle.total (`_total=none` skips it). */
  withTotal: boolean;
  /** `patient` or `subject` as a patient id; null when given but not one of ours (matches nothing). */
  patient: string | null | undefined;
  dates: InstantBound[];
  /** Per token parameter, every occurrence (AND) of its comma alternatives (OR). */
  tokens: Map<string, TokenMatch[][]>;
  strings: Map<string, string[]>;
  /** The parameters that took part in the search, for the self and next links. */
  used: URLSearchParams;
}

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 500;

/** Shared by every resource type: common parameters, documented once. */
export const COMMON_PARAMS: readonly SearchParamSpec[] = [
  { name: '_count', type: 'string', description: `Page size (default ${DEFAULT_COUNT}, at most ${MAX_COUNT}; 0 returns the total only)` },
  { name: '_sort', type: 'string', description: 'date (oldest first) or -date (newest first, the default)' },
  { name: '_total', type: 'string', description: 'none skips counting Bundle.total' },
  { name: '_cursor', type: 'string', description: 'Opaque paging cursor from a next link; do not build it yourself' },
];

/** The ids of this server's rows (uuids); also the part of reading Observation ids before the group. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');
/** Whether an id can be one of ours, checked before it reaches a uuid column. */
export const isUuid = (id: string) => UUID.test(id);
const IGNORED = new Set(['_format', '_pretty']);
const invalid = (path: string, message: string) => new ValidationError('the search is not valid', [{ path, message }]);

/** A patient reference as FHIR clients write it: `id`, `Patient/id` or an absolute URL. */
export function patientIdOf(reference: string): string | null {
  const id = /(?:^|\/)Patient\/([^/]+)$/.exec(reference)?.[1] ?? (reference.includes('/') ? null : reference);
  return id !== null && UUID.test(id) ? id.toLowerCase() : null;
}

/**
 * Parse a search query (every occurrence of every parameter, as `c.req.queries()` gives it).
 * @param prefer - the Prefer header: `handling=strict` turns unknown parameters into a 400
 * @throws ValidationError for a malformed value of a known parameter
 */
export function parseSearch(query: Record<string, string[]>, spec: SearchSpec, prefer?: string): ParsedSearch {
  const known = new Map(spec.params.map((p) => [p.name, p]));
  const strict = /handling\s*=\s*strict/i.test(prefer ?? '');
  const out: ParsedSearch = {
    count: DEFAULT_COUNT,
    sort: { key: spec.sorts[0] ?? 'date', order: 'desc' },
    cursor: undefined,
    withTotal: true,
    patient: undefined,
    dates: [],
    tokens: new Map(),
    strings: new Map(),
    used: new URLSearchParams(),
  };
  for (const [name, values] of Object.entries(query)) {
    for (const value of values) {
      if (applyCommon(out, name, value, spec)) continue;
      if (IGNORED.has(name)) continue;
      const p = known.get(name);
      if (!p) {
        if (strict) throw invalid(name, `unknown search parameter ${name}`);
        continue;
      }
      if (value === '') continue;
      out.used.append(name, value);
      if (p.type === 'reference') {
        const id = patientIdOf(value);
        if (out.patient !== undefined && out.patient !== id) throw invalid(name, 'name one patient');
        out.patient = id;
      } else if (p.type === 'date') out.dates.push(...parseDateParam(value, name));
      else if (p.type === 'token') out.tokens.set(name, [...(out.tokens.get(name) ?? []), parseTokenParam(value)]);
      else out.strings.set(name, [...(out.strings.get(name) ?? []), value]);
    }
  }
  return out;
}

function applyCommon(out: ParsedSearch, name: string, value: string, spec: SearchSpec): boolean {
  switch (name) {
    case '_count': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw invalid('_count', 'a whole number from 0');
      out.count = Math.min(n, MAX_COUNT);
      out.used.set('_count', String(out.count));
      return true;
    }
    case '_sort': {
      const key = value.replace(/^-/, '');
      if (!spec.sorts.includes(key)) throw invalid('_sort', `sort by ${spec.sorts.map((s) => `${s} or -${s}`).join(', ')}`);
      out.sort = { key, order: value.startsWith('-') ? 'desc' : 'asc' };
      out.used.set('_sort', value);
      return true;
    }
    case '_total':
      if (!['none', 'estimate', 'accurate'].includes(value)) throw invalid('_total', 'none, estimate or accurate');
      out.withTotal = value !== 'none';
      out.used.set('_total', value);
      return true;
    case '_cursor':
      out.cursor = value;
      return true;
    default:
      return false;
  }
}

/**
 * Whether a resource with these codings (of one element, e.g. Observation.code or its
 * categories) satisfies every occurrence of a token parameter: occurrences AND, comma
 * alternatives OR. True when the parameter is absent.
 */
export function codingsSatisfy(s: ParsedSearch, name: string, codings: ReadonlyArray<{ system: string; code: string }>): boolean {
  return (s.tokens.get(name) ?? []).every((alternatives) => codings.some((coding) => tokenMatches(alternatives, coding)));
}
