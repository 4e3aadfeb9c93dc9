/**
 * FHIR `date` search parameters (R4 search.html#date): an optional prefix, then a date or dateTime
 * whose precision makes it a range (`2026-05` is all of May). Dates without a time are UTC days:
 * the server has no single local zone (patients live in many), and a client that needs a local
 * day sends the instant with its offset.
 */
import { ValidationError } from '../../../../common/src/errors/index.ts';

export type DatePrefix = 'eq' | 'gt' | 'lt' | 'ge' | 'le';

/** One bound on the target instant: `t >= at` or `t < at`. */
export interface InstantBound {
  op: '>=' | '<';
  at: Date;
}

const PREFIXES = new Set(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);
const SUPPORTED = new Set<string>(['eq', 'gt', 'lt', 'ge', 'le']);
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const invalid = (param: string, message: string) => new ValidationError(`the ${param} search parameter is not valid`, [{ path: param, message }]);

/**
 * The instants `[lo, hi)` a date or dateTime value stands for at its precision.
 * @throws ValidationError for a malformed value, or a time without a zone (FHIR requires one)
 */
export function dateRange(value: string, param = 'date'): { lo: Date; hi: Date } {
  const d = DATE.exec(value);
  if (d) {
    const [y, m, day] = [Number(d[1]), d[2] ? Number(d[2]) - 1 : undefined, d[3] ? Number(d[3]) : undefined];
    const lo = new Date(Date.UTC(y, m ?? 0, day ?? 1));
    const hi = day !== undefined ? new Date(Date.UTC(y, m!, day + 1)) : m !== undefined ? new Date(Date.UTC(y, m + 1, 1)) : new Date(Date.UTC(y + 1, 0, 1));
    if (Number.isNaN(lo.getTime()) || (m !== undefined && lo.getUTCMonth() !== m) || (day !== undefined && lo.getUTCDate() !== day)) throw invalid(param, `${value} is not a calendar date`);
    return { lo, hi };
  }
  const t = DATE_TIME.exec(value);
  if (!t) throw invalid(param, `${value} is not a FHIR date or dateTime (a dateTime needs a zone, e.g. 2026-05-01T08:00:00Z)`);
  const lo = new Date(value);
  if (Number.isNaN(lo.getTime())) throw invalid(param, `${value} is not a valid instant`);
  // The precision of the value sets the width of its range: minutes, seconds or milliseconds.
  const widthMs = t[4] === undefined ? 60_000 : t[5] === undefined ? 1000 : 1;
  return { lo, hi: new Date(lo.getTime() + widthMs) };
}

/**
 * Bounds on a point-in-time target for one `date` value, e.g. `ge2026-05-01` → `t >= 2026-05-01T00:00Z`.
 * @throws ValidationError for an unsupported prefix (ne, sa, eb, ap) or a malformed value
 */
export function parseDateParam(raw: string, param = 'date'): InstantBound[] {
  const hasPrefix = PREFIXES.has(raw.slice(0, 2));
  const prefix = hasPrefix ? raw.slice(0, 2) : 'eq';
  if (!SUPPORTED.has(prefix)) throw invalid(param, `the prefix ${prefix} is not supported; use eq, gt, ge, lt or le`);
  const { lo, hi } = dateRange(hasPrefix ? raw.slice(2) : raw, param);
  switch (prefix as DatePrefix) {
    case 'eq':
      return [
        { op: '>=', at: lo },
        { op: '<', at: hi },
      ];
    case 'gt':
      return [{ op: '>=', at: hi }];
    case 'ge':
      return [{ op: '>=', at: lo }];
    case 'lt':
      return [{ op: '<', at: lo }];
    case 'le':
      return [{ op: '<', at: hi }];
  }
}
