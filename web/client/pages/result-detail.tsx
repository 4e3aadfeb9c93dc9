/** @jsxImportSource hono/jsx/dom */
import type uPlot from 'uplot';
import { appendChartNotes } from '../charts/chart-notes.tsx';
import { axisStyle, CHART_COLOURS, mountChart, targetBandsPlugin } from '../charts/kit.ts';
import { formatDate, formatNumber } from '../lib/format.ts';
import { onReady, pageData } from '../lib/page.ts';
import { flagText, hasRange, rangeText, resultsApi, valueText } from '../lib/results.ts';
import { Failure, region, show } from '../lib/ui.tsx';

onReady(async () => {
  const patientId = pageData('patientId');
  const target = region('result');
  const r = await resultsApi.one(patientId, target.dataset.resultId ?? '');
  if (!r.ok) {
    show(target, [<h1>Test result</h1>, <Failure result={r} what="Test results" />]);
    return show('result-chart', '');
  }
  const x = r.data;
  const flag = flagText(x);
  show(target, [
    <h1>{x.displayName}</h1>,
    typeof x.value === 'number' ? (
      <p>
        <span class="value-big">{valueText(x)}</span> {flag ? <span class="badge badge-flag">{flag}</span> : hasRange(x) ? <span class="badge badge-ok">In the usual range</span> : null}
      </p>
    ) : (
      <p class="message-body">{x.value}</p>
    ),
    <p>{`Usual range: ${rangeText(x)}. Taken on ${formatDate(x.collectedAt)}.`}</p>,
    x.explanation ? <p>{x.explanation}</p> : null,
    x.comment ? <p class="item-meta">{`Comment from the lab: ${x.comment}`}</p> : null,
  ]);
  if (typeof x.value !== 'number') return show('result-chart', <p class="muted">This result is written in words, so there is no graph.</p>);
  const trend = await resultsApi.trend(patientId, x.loinc);
  if (!trend.ok) return show('result-chart', <Failure result={trend} what="Earlier results" />);
  const points = trend.data.points;
  if (points.length < 2) return show('result-chart', <p class="muted">There are no earlier results for this test to compare with.</p>);
  const { low, high } = x.referenceRange;
  const el = region('result-chart');
  mountChart(
    el,
    {
      scales: { x: { time: true } },
      axes: [axisStyle, { ...axisStyle, label: x.unit ?? '', size: 50 }],
      series: [{}, { label: x.displayName, stroke: CHART_COLOURS.primary, width: 2, points: { show: true, size: 7, fill: CHART_COLOURS.primary } }],
      legend: { show: false },
      plugins: low !== null || high !== null ? [targetBandsPlugin([{ lo: low ?? 0, hi: high ?? Math.max(...points.map((p) => p.value)) * 1.2, fill: CHART_COLOURS.target }])] : [],
    },
    [points.map((p) => Date.parse(p.collectedAt) / 1000), points.map((p) => p.value)] as uPlot.AlignedData,
  );
  appendChartNotes(el, 'Each dot is one result, oldest on the left.', [{ swatch: 'swatch-in', label: `Usual range: ${rangeText(x)}` }], {
    caption: `Earlier results for ${x.displayName}`,
    head: ['Date', 'Result'],
    rows: [...points].reverse().map((p) => [formatDate(p.collectedAt), `${formatNumber(p.value, 2)}${x.unit ? ` ${x.unit}` : ''}`]),
  });
});
