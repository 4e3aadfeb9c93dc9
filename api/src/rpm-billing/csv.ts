/**
 * CSV as RFC 4180 says: CRLF line ends, a header row, fields with a comma, a double quote, CR or
 * LF enclosed in double quotes with inner quotes doubled.
 *
 * Billing exports are opened in spreadsheets, which run a cell starting with `=`, `+`, `-`, `@`
 * (or a tab or CR) as a formula; a patient name like `=HYPERLINK(…)` would then execute. Such
 * cells get a leading apostrophe (OWASP "CSV injection"), which spreadsheets show as text. Numbers
 * are written as numbers, so negative amounts are never altered.
 */

export type CsvCell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised and quoted as needed. */
export function csvField(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV document: the header, then one line per row, every line ended by CRLF.
 *
 * @throws RangeError when a row has another number of fields than the header
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const line = (cells: readonly CsvCell[]) => `${cells.map(csvField).join(',')}\r\n`;
  return (
    line(header) +
    rows
      .map((r, i) => {
        if (r.length !== header.length) throw new RangeError(`CSV row ${i + 1} has ${r.length} fields, the header ${header.length}`);
        return line(r);
      })
      .join('')
  );
}
