/** @jsxImportSource hono/jsx/dom */
import type uPlot from 'uplot';
import { api } from '../lib/api.ts';
import { formatDateTime, formatNumber, lastDays } from '../lib/format.ts';
import { Failure, show } from '../lib/ui.tsx';
import { appendChartNotes } from './chart-notes.tsx';
import { appendAnnotationList } from './annotation-list.tsx';
import { annotationsForChart, fetchAnnotations, type ChartAnnotation } from './annotations.ts';
import { annotationMarksPlugin, axisStyle, CHART_COLOURS, mountChart, targetBandsPlugin, type MountedChart } from './kit.ts';

type Category = 'normal' | 'elevated' | 'stage1' | 'stage2' | 'crisis';
interface Averages {
  count: number;
  systolic: { mean: number | null };
  diastolic: { mean: number | null };
  averageCategory: Category | null;
}
interface BpReport {
  period: Averages;
  morning: Averages;
  evening: Averages;
  readings: Array<{ t: string; systolic: number; diastolic: number; category: Category }>;
}

/** ACC/AHA 2017 categories in words a patient can act on. */
const CATEGORY_TEXT: Record<Category, string> = {
  normal: 'Normal',
  elevated: 'Elevated',
  stage1: 'High (stage 1)',
  stage2: 'High (stage 2)',
  crisis: 'Very high – call your care team',
};

/** Targets drawn on the chart: below 130/80 is the usual home goal (ACC/AHA 2017). */
const TARGET = { systolic: { lo: 90, hi: 130 }, diastolic: { lo: 60, hi: 80 } };

function AverageRow(props: { name: string; a: Averages }) {
  const { a } = props;
  return (
    <tr>
      <th scope="row">{props.name}</th>
      <td>{a.count ? `${formatNumber(a.systolic.mean)}/${formatNumber(a.diastolic.mean)}` : '–'}</td>
      <td>{a.averageCategory ? CATEGORY_TEXT[a.averageCategory] : '–'}</td>
      <td>{formatNumber(a.count)}</td>
    </tr>
  );
}

function Averages(props: { report: BpReport }) {
  const r = props.report;
  if (!r.period.count) return <p class="muted">No blood pressure readings in the last 30 days.</p>;
  const latest = r.readings.at(-1)!;
  return (
    <>
      <p data-testid="latest-bp">
        Latest: <span class="value-big">{`${formatNumber(latest.systolic)}/${formatNumber(latest.diastolic)}`}</span> mmHg ·{' '}
        <span class={`badge ${latest.category === 'normal' ? 'badge-ok' : 'badge-flag'}`}>{CATEGORY_TEXT[latest.category]}</span>
        <br />
        <span class="item-meta">{formatDateTime(latest.t)}</span>
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Blood pressure averages</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Average (mmHg)</th>
              <th scope="col">Category</th>
              <th scope="col">Readings</th>
            </tr>
          </thead>
          <tbody>
            <AverageRow name="Last 30 days" a={r.period} />
            <AverageRow name="Mornings" a={r.morning} />
            <AverageRow name="Evenings" a={r.evening} />
          </tbody>
        </table>
      </div>
    </>
  );
}

function drawChart(el: HTMLElement, report: BpReport, shown: ChartAnnotation[]): MountedChart | null {
  el.dataset.annotationMarkers = '0';
  if (report.readings.length < 1) {
    show(el, <p class="muted">No readings to draw yet.</p>);
    return null;
  }
  const x = report.readings.map((r) => Date.parse(r.t) / 1000);
  const chart = mountChart(
    el,
    {
      scales: { x: { time: true }, y: { range: [40, 200] } },
      axes: [axisStyle, { ...axisStyle, label: 'mmHg', size: 50 }],
      series: [
        {},
        { label: 'Top number (systolic)', stroke: CHART_COLOURS.primary, width: 2, points: { show: true, size: 6, fill: CHART_COLOURS.primary } },
        { label: 'Bottom number (diastolic)', stroke: CHART_COLOURS.secondary, width: 2, dash: [6, 3], points: { show: true, size: 6, fill: CHART_COLOURS.secondary } },
      ],
      legend: { show: false },
      plugins: [
        targetBandsPlugin([
          { ...TARGET.systolic, fill: CHART_COLOURS.target },
          { ...TARGET.diastolic, fill: CHART_COLOURS.targetAlt },
        ]),
        annotationMarksPlugin(
          shown.map((a) => ({ x: Date.parse(a.at) / 1000, kind: a.kind })),
          (n) => (el.dataset.annotationMarkers = String(n)),
        ),
      ],
    },
    [x, report.readings.map((r) => r.systolic), report.readings.map((r) => r.diastolic)] as uPlot.AlignedData,
  );
  appendChartNotes(
    el,
    null,
    [
      { swatch: 'swatch-median', label: 'Top number (systolic), solid line' },
      { swatch: 'swatch-very-high', label: 'Bottom number (diastolic), dashed line' },
      { swatch: 'swatch-in', label: `Targets: top number ${TARGET.systolic.lo}–${TARGET.systolic.hi}, bottom number ${TARGET.diastolic.lo}–${TARGET.diastolic.hi}` },
    ],
    {
      caption: 'Blood pressure readings',
      head: ['When', 'mmHg', 'Category'],
      rows: report.readings
        .slice(-50)
        .reverse()
        .map((r) => [formatDateTime(r.t), `${formatNumber(r.systolic)}/${formatNumber(r.diastolic)}`, CATEGORY_TEXT[r.category]]),
    },
  );
  return chart;
}

/** The blood-pressure panels of a page. Returns `refresh` for live updates. */
export async function startBpCharts(root: HTMLElement, patientId: string): Promise<{ refresh: () => Promise<void> }> {
  const region = (name: string) => root.querySelector<HTMLElement>(`[data-region="${name}"]`)!;
  let chart: MountedChart | null = null;
  const refresh = async () => {
    const period = lastDays(30);
    const [r, notes] = await Promise.all([api<BpReport>('GET', `/v1/patients/${patientId}/reports/blood-pressure?${new URLSearchParams(period)}`), fetchAnnotations(patientId, period)]);
    if (!r.ok) {
      show(region('bp-averages'), <Failure result={r} what="Blood pressure charts" />);
      show(region('bp-chart'), '');
      return;
    }
    chart?.destroy();
    show(region('bp-averages'), <Averages report={r.data} />);
    // BP readings carry no id in the report; an annotation of one takes its measurement time
    const shown = notes.ok ? annotationsForChart(notes.data, { times: new Set(r.data.readings.map((x) => Date.parse(x.t))) }) : [];
    chart = drawChart(region('bp-chart'), r.data, shown);
    appendAnnotationList(region('bp-chart'), notes, shown, 'blood pressure readings');
  };
  await refresh();
  return { refresh };
}
