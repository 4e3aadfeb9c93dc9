import { describe, expect, it } from 'vitest';
import { renderResultPrint } from './print-view.ts';

const result = {
  id: '00000000-0000-4000-8000-000000000001',
  patientId: '00000000-0000-4000-8000-000000000101',
  loinc: '4548-4',
  displayName: 'Hemoglobin A1c',
  category: 'endocrinology' as const,
  value: 7.2,
  unit: '%',
  referenceRange: { low: 4, high: 5.6, text: null },
  flag: 'H' as const,
  flagComputed: true,
  critical: false,
  adolescentConfidential: false,
  comment: 'Fasting <8h> & "non-fasting"',
  collectedAt: '2026-05-20T13:30:00Z',
  resultedAt: '2026-05-21T09:00:00Z',
  orderedBy: { id: '00000000-0000-4000-8000-000000000201', displayName: 'Dr. Wei Chen' },
  verifiedAt: '2026-05-21T10:00:00Z',
  releaseAt: '2026-05-21T10:00:00Z',
  explanation: 'Hemoglobin A1c shows your average blood sugar.',
};
const patient = { name: 'Maria Garcia', birthDate: '1961-04-12', mrn: 'MRN-100001', timeZone: 'America/New_York' };

describe('printable result', () => {
  const html = renderResultPrint(result, patient, new Date('2026-06-01T12:00:00Z'));

  it('is a complete, accessible page without scripts or styles', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Hemoglobin A1c: test result for Maria Garcia</title>');
    expect(html).toContain('<caption>Test result</caption>');
    expect(html).not.toMatch(/<script|<style|style=|\son[a-z]+=/i);
  });

  it('labels every value with a row header, in the patient’s time zone', () => {
    expect(html).toContain('<tr><th scope="row">Result</th><td>7.2 %</td></tr>');
    expect(html).toContain('<tr><th scope="row">Reference range</th><td>4 to 5.6 %</td></tr>');
    expect(html).toContain('<tr><th scope="row">Flag</th><td>High</td></tr>');
    expect(html).toContain('<td>May 20, 2026 at 9:30 AM</td>');
    expect(html).toContain('<h2>About this test</h2>');
  });

  it('escapes what the lab and people wrote', () => {
    expect(html).toContain('Fasting &lt;8h&gt; &amp; &quot;non-fasting&quot;');
    const evil = renderResultPrint({ ...result, displayName: '<script>alert(1)</script>' }, patient, new Date());
    expect(evil).not.toContain('<script>');
  });
});
