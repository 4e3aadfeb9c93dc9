import { FLAG_LABEL } from './flags.ts';
import type { toResult } from './result-repo.ts';

type Result = ReturnType<typeof toResult> & { explanation: string | null };

export interface PrintPatient {
  name: string;
  birthDate: string;
  mrn: string;
  timeZone: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value below comes from a lab or a person: escape it all. */
const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

function range(r: Result): string {
  const { low, high, text } = r.referenceRange;
  const unit = r.unit ? ` ${r.unit}` : '';
  if (low !== null && high !== null) return `${low} to ${high}${unit}`;
  if (low !== null) return `${low}${unit} or more`;
  if (high !== null) return `${high}${unit} or less`;
  return text ?? 'not given';
}

/**
 * A result as a plain HTML page to print or save: no scripts, no styles (the API's CSP allows
 * neither inline), headings and a table with row headers so screen readers announce each value with
 * its label. Times are in the patient's zone.
 */
export function renderResultPrint(r: Result, patient: PrintPatient, printedAt: Date): string {
  const when = (iso: string) => new Intl.DateTimeFormat('en-US', { timeZone: patient.timeZone, dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
  const rows: Array<[string, string]> = [
    ['Result', `${r.value}${r.unit ? ` ${r.unit}` : ''}`],
    ['Reference range', range(r)],
    ['Flag', r.flag ? FLAG_LABEL[r.flag] : 'None'],
    ['Collected', when(r.collectedAt)],
    ['Resulted', when(r.resultedAt)],
    ['Ordered by', r.orderedBy.displayName],
    ['LOINC code', r.loinc],
  ];
  if (r.comment) rows.push(['Comment', r.comment]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.displayName)}: test result for ${esc(patient.name)}</title>
</head>
<body>
<main>
<h1>${esc(r.displayName)}</h1>
<p>${esc(patient.name)}, born ${esc(patient.birthDate)}, medical record number ${esc(patient.mrn)}</p>
<table>
<caption>Test result</caption>
<tbody>
${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n')}
</tbody>
</table>
${r.explanation ? `<h2>About this test</h2>\n<p>${esc(r.explanation)}</p>\n` : ''}<p>Printed ${esc(when(printedAt.toISOString()))}. Talk to your care team about what this result means for you.</p>
</main>
</body>
</html>
`;
}
