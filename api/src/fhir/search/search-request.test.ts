import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../common/src/errors/index.ts';
import { dateRange, parseDateParam } from './date-param.ts';
import { decodePageCursor, encodePageCursor, searchFingerprint } from './page-cursor.ts';
import { codingsSatisfy, parseSearch, patientIdOf } from './search-request.ts';
import { SEARCH_SPECS } from './search-specs.ts';
import { parseTokenParam } from './token-param.ts';

const P = '00000000-0000-4000-8000-000000000101';
const iso = (d: Date) => d.toISOString();

describe('date search parameters', () => {
  it('turn a value of any precision into the range it stands for', () => {
    const r = (v: string) => Object.values(dateRange(v)).map(iso);
    expect(r('2026')).toEqual(['2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(r('2026-02')).toEqual(['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    expect(r('2026-12-31')).toEqual(['2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(r('2026-05-01T10:00+02:00')).toEqual(['2026-05-01T08:00:00.000Z', '2026-05-01T08:01:00.000Z']);
    expect(r('2026-05-01T10:00:05Z')).toEqual(['2026-05-01T10:00:05.000Z', '2026-05-01T10:00:06.000Z']);
  });

  it('map prefixes to bounds on a point in time', () => {
    const b = (v: string) => parseDateParam(v).map((x) => `${x.op}${iso(x.at)}`);
    expect(b('2026-05-01')).toEqual(['>=2026-05-01T00:00:00.000Z', '<2026-05-02T00:00:00.000Z']);
    expect(b('eq2026-05-01')).toEqual(b('2026-05-01'));
    expect(b('ge2026-05-01')).toEqual(['>=2026-05-01T00:00:00.000Z']);
    expect(b('gt2026-05-01')).toEqual(['>=2026-05-02T00:00:00.000Z']);
    expect(b('lt2026-05-01')).toEqual(['<2026-05-01T00:00:00.000Z']);
    expect(b('le2026-05-01')).toEqual(['<2026-05-02T00:00:00.000Z']);
  });

  it('refuse unsupported prefixes, impossible dates and times without a zone', () => {
    for (const v of ['ne2026-05-01', 'sa2026-05-01', 'ap2026-05-01', '2026-02-30', '2026-13', '2026-05-01T10:00', 'yesterday']) expect(() => parseDateParam(v), v).toThrow(ValidationError);
  });
});

describe('token search parameters', () => {
  it('read system|code, code, |code and system|, with comma alternatives', () => {
    expect(parseTokenParam('http://loinc.org|85354-9,8867-4,|x,http://loinc.org|')).toEqual([
      { system: 'http://loinc.org', code: '85354-9' },
      { system: undefined, code: '8867-4' },
      { system: null, code: 'x' },
      { system: 'http://loinc.org', code: undefined },
    ]);
  });
});

describe('search requests', () => {
  const spec = SEARCH_SPECS.Observation;
  it('parse the shared and declared parameters', () => {
    const s = parseSearch({ patient: [`Patient/${P}`], code: ['8867-4'], date: ['ge2026-05-01', 'lt2026-06-01'], _count: ['9999'], _sort: ['date'], _total: ['none'] }, spec);
    expect(s).toMatchObject({ patient: P, count: 500, sort: { key: 'date', order: 'asc' }, withTotal: false });
    expect(s.dates).toHaveLength(2);
    expect(codingsSatisfy(s, 'code', [{ system: 'http://loinc.org', code: '8867-4' }])).toBe(true);
    expect(codingsSatisfy(s, 'code', [{ system: 'http://loinc.org', code: '85354-9' }])).toBe(false);
    expect(s.used.toString()).toBe(`patient=Patient%2F${P}&code=8867-4&date=ge2026-05-01&date=lt2026-06-01&_count=500&_sort=date&_total=none`);
  });

  it('treat repeated token parameters as AND, and ignore unknown parameters unless strict', () => {
    const s = parseSearch({ code: ['8867-4,85354-9', '85354-9'] }, spec);
    expect(codingsSatisfy(s, 'code', [{ system: 'http://loinc.org', code: '85354-9' }])).toBe(true);
    expect(codingsSatisfy(s, 'code', [{ system: 'http://loinc.org', code: '8867-4' }])).toBe(false);
    expect(parseSearch({ colour: ['red'] }, spec).used.size).toBe(0);
    expect(() => parseSearch({ colour: ['red'] }, spec, 'return=minimal; handling=strict')).toThrow(ValidationError);
  });

  it('read patient references in every form FHIR clients write, and refuse two patients', () => {
    expect(patientIdOf(P)).toBe(P);
    expect(patientIdOf(`https://host/fhir/R4/Patient/${P.toUpperCase()}`)).toBe(P);
    expect(patientIdOf('Patient/not-ours')).toBeNull();
    expect(patientIdOf('Group/x')).toBeNull();
    expect(() => parseSearch({ patient: [P], subject: ['00000000-0000-4000-8000-000000000102'] }, spec)).toThrow(ValidationError);
  });

  it('bind cursors to the search they were made for', () => {
    const f = searchFingerprint('Observation', P, new URLSearchParams('code=8867-4'));
    const cursor = encodePageCursor({ at: '2026-05-01T10:00:00.123456Z', id: 'x' }, f);
    expect(decodePageCursor(cursor, f)).toEqual({ at: '2026-05-01T10:00:00.123456Z', id: 'x' });
    expect(() => decodePageCursor(cursor, searchFingerprint('Observation', P, new URLSearchParams('code=85354-9')))).toThrow(ValidationError);
    expect(() => decodePageCursor('garbage', f)).toThrow(ValidationError);
  });
});
