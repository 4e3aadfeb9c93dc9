/** @jsxImportSource hono/jsx/dom */
import type uPlot from 'uplot';
import { api } from '../lib/api.ts';
import { ago, formatDateTime, formatNumber, lastDays } from '../lib/format.ts';
import { Failure, show } from '../lib/ui.tsx';
import { annotationMarksPlugin, axisStyle, CHART_COLOURS, minuteLabel, mountChart, targetBandsPlugin, type MountedChart } from './kit.ts';
import { appendAnnotationList } from './annotation-list.tsx';
import { annotationsForChart, fetchAnnotations, type Mark } from './annotations.ts';
import { localMomentIn } from './local-time.ts';
import { appendChartNotes } from './chart-notes.tsx';
import { fetchReadings, type Reading } from './readings.ts';

interface RangeShare {
  count: number;
  percent: number | null;
}
interface GlucoseReport {
  period: { from: string; to: string; timeZone: string; days: number };
  count: number;
  daysWithData: number;
  cgmActivePercent: number;
  sufficientData: boolean;
  meanGlucose: number | null;
  cvPercent: number | null;
  gmi: { percent: number } | null;
  targets: { veryLowBelow: number; lowBelow: number; highAbove: number; veryHighAbove: number };
  ranges: Record<'belowLevel2' | 'belowLevel1' | 'inRange' | 'aboveLevel1' | 'aboveLevel2', RangeShare>;
  agp: { binMinutes: number; bins: Array<{ startMinute: number; endMinute: number; count: number; p5: number | null; p25: number | null; p50: number | null; p75: number | null; p95: number | null }> };
}

/** The five ranges of the consensus bar, worst low to worst high, with words for each. */
const RANGES = [
  { key: 'belowLevel2', css: 'very-low', label: 'Very low' },
  { key: 'belowLevel1', css: 'low', label: 'Low' },
  { key: 'inRange', css: 'in', label: 'In range' },
  { key: 'aboveLevel1', css: 'high', label: 'High' },
  { key: 'aboveLevel2', css: 'very-high', label: 'Very high' },
] as const;
const RANGE_FILL: Record<(typeof RANGES)[number]['css'], string> = { 'very-low': '#8b1a1a', low: '#d9453d', in: '#2e7d32', high: '#f2a900', 'very-high': '#c55a11' };

/** The time-in-range bar: an SVG (no inline styles under the CSP) plus the same figures as text. */
function TimeInRange(props: { report: GlucoseReport }) {
  const { ranges, targets } = props.report;
  if (!props.report.count) return <p class="muted">No blood sugar readings in this period yet.</p>;
  let x = 0;
  const label = RANGES.map((r) => `${r.label} ${formatNumber(ranges[r.key].percent)}%`).join(', ');
  return (
    <>
      <svg class="tir-bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="40" role="img" aria-label={`Time in range: ${label}`}>
        {RANGES.map((r) => {
          const w = ranges[r.key].percent ?? 0;
          const rect = <rect x={x} y={0} width={w} height={10} fill={RANGE_FILL[r.css]} />;
          x += w;
          return rect;
        })}
      </svg>
      <ul class="legend">
        {RANGES.map((r) => (
          <li>
            <span class={`swatch swatch-${r.css}`} aria-hidden="true"></span>
            {`${r.label}: ${formatNumber(ranges[r.key].percent)}%`}
          </li>
        ))}
      </ul>
      <p class="chart-note">{`Your target range is ${targets.lowBelow}–${targets.highAbove} mg/dL. Most people aim for more than 70% of the time in range.`}</p>
    </>
  );
}

function Stats(props: { report: GlucoseReport }) {
  const r = props.report;
  return (
    <dl class="stat-grid">
      <div>
        <dt>Average</dt>
        <dd>{`${formatNumber(r.meanGlucose)} mg/dL`}</dd>
      </div>
      <div>
        <dt>GMI (estimated A1C)</dt>
        <dd>{r.gmi ? `${formatNumber(r.gmi.percent, 1)}%` : '–'}</dd>
      </div>
      <div>
        <dt>Variability (CV)</dt>
        <dd>{r.cvPercent === null ? '–' : `${formatNumber(r.cvPercent, 1)}%`}</dd>
      </div>
      <div>
        <dt>Readings</dt>
        <dd>{formatNumber(r.count)}</dd>
      </div>
      <div>
        <dt>Days with readings</dt>
        <dd>{`${r.daysWithData} of ${Math.round(r.period.days)}`}</dd>
      </div>
    </dl>
  );
}

function Latest(props: { reading: Reading | null; targets: GlucoseReport['targets'] }) {
  const r = props.reading;
  if (!r) return <p class="muted">No readings yet. Readings from your meter or sensor appear here by themselves.</p>;
  const word = r.value < props.targets.lowBelow ? 'Below your range' : r.value > props.targets.highAbove ? 'Above your range' : 'In your range';
  return (
    <p data-testid="latest-glucose">
      <span class="value-big">{formatNumber(r.value)}</span> mg/dL · <span class={`badge ${word === 'In your range' ? 'badge-ok' : 'badge-flag'}`}>{word}</span>
      <br />
      <span class="item-meta">{`${formatDateTime(r.measuredAt)} (${ago(r.measuredAt)})`}</span>
    </p>
  );
}

/** Readings per local day in 15-minute slots: one line per day, so the days lie on top of each other. */
function overlayData(readings: Reading[], timeZone: string): { data: uPlot.AlignedData; days: string[] } {
  const slots = 96;
  const at = localMomentIn(timeZone);
  const byDay = new Map<string, Array<number | null>>();
  for (const r of readings) {
    const m = at(Date.parse(r.measuredAt));
    const row = byDay.get(m.date) ?? byDay.set(m.date, new Array<number | null>(slots).fill(null)).get(m.date)!;
    row[Math.min(slots - 1, Math.floor(m.minute / 15))] = r.value;
  }
  const days = [...byDay.keys()].sort();
  const x = Array.from({ length: slots }, (_, i) => i * 15 + 7.5);
  return { data: [x, ...days.map((d) => byDay.get(d)!)] as uPlot.AlignedData, days };
}

const minuteAxis = { ...axisStyle, values: (_u: uPlot, splits: number[]) => splits.map(minuteLabel), splits: () => [0, 180, 360, 540, 720, 900, 1080, 1260, 1440] };
const glucoseAxis = { ...axisStyle, label: 'mg/dL', size: 50 };

function drawOverlay(el: HTMLElement, readings: Reading[], report: GlucoseReport, marks: Mark[]): MountedChart | null {
  el.dataset.annotationMarkers = '0';
  if (!readings.length) {
    show(el, <p class="muted">No readings in this period.</p>);
    return null;
  }
  const { data, days } = overlayData(readings, report.period.timeZone);
  const newest = days.length - 1;
  return mountChart(
    el,
    {
      scales: { x: { time: false, range: [0, 1440] }, y: { range: [40, 350] } },
      axes: [minuteAxis, glucoseAxis],
      legend: { show: false },
      series: [{}, ...days.map((d, i) => ({ label: d, stroke: i === newest ? CHART_COLOURS.primary : 'rgba(74, 85, 97, 0.45)', width: i === newest ? 3 : 1.25, spanGaps: true, points: { show: i === newest, size: 6 } }))],
      plugins: [
        targetBandsPlugin([{ lo: report.targets.lowBelow, hi: report.targets.highAbove, fill: CHART_COLOURS.target }]),
        annotationMarksPlugin(marks, (n) => (el.dataset.annotationMarkers = String(n))),
      ],
    },
    data,
  );
}

function drawAgp(el: HTMLElement, report: GlucoseReport): MountedChart | null {
  const bins = report.agp.bins.filter((b) => b.count > 0);
  if (bins.length < 2) {
    show(el, <p class="muted">Not enough readings yet to draw your typical day. It needs readings at many times of day.</p>);
    return null;
  }
  const x = bins.map((b) => (b.startMinute + b.endMinute) / 2);
  const col = (k: 'p5' | 'p25' | 'p50' | 'p75' | 'p95') => bins.map((b) => b[k]);
  return mountChart(
    el,
    {
      scales: { x: { time: false, range: [0, 1440] }, y: { range: [40, 350] } },
      axes: [minuteAxis, glucoseAxis],
      series: [
        {},
        { label: '95th percentile', stroke: 'rgba(11, 92, 173, 0.5)', width: 1, dash: [4, 4] },
        { label: '75th percentile', stroke: 'rgba(11, 92, 173, 0.7)', width: 1 },
        { label: 'Median', stroke: CHART_COLOURS.median, width: 3 },
        { label: '25th percentile', stroke: 'rgba(11, 92, 173, 0.7)', width: 1 },
        { label: '5th percentile', stroke: 'rgba(11, 92, 173, 0.5)', width: 1, dash: [4, 4] },
      ],
      bands: [
        { series: [1, 2], fill: CHART_COLOURS.bandOuter },
        { series: [2, 4], fill: CHART_COLOURS.bandInner },
        { series: [4, 5], fill: CHART_COLOURS.bandOuter },
      ],
      legend: { show: false },
      plugins: [targetBandsPlugin([{ lo: report.targets.lowBelow, hi: report.targets.highAbove, fill: CHART_COLOURS.target }])],
    },
    [x, col('p95'), col('p75'), col('p50'), col('p25'), col('p5')] as uPlot.AlignedData,
  );
}

/** The report's source: the consensus statistics are for CGM series, so a patient with a CGM uses its readings only. */
async function glucoseSource(patientId: string): Promise<'cgm' | 'all'> {
  const r = await api<{ devices: Array<{ type: string }> }>('GET', `/v1/patients/${patientId}/devices`);
  return r.ok && r.data.devices.some((d) => d.type === 'cgm') ? 'cgm' : 'all';
}

/**
 * The glucose panels of a page (patient's own, or a clinician's patient view): latest reading,
 * time-in-range bar, daily overlay, AGP and summary numbers. Returns `refresh` for live updates.
 */
export async function startGlucoseCharts(root: HTMLElement, patientId: string): Promise<{ refresh: () => Promise<void>; readings: () => Reading[] }> {
  const region = (name: string) => root.querySelector<HTMLElement>(`[data-region="${name}"]`)!;
  const days = root.querySelector<HTMLSelectElement>('select[name="days"]');
  const source = await glucoseSource(patientId);
  const charts: Array<MountedChart | null> = [];
  let loaded: Reading[] = [];
  const refresh = async () => {
    const period = lastDays(Number(days?.value ?? 14));
    const [report, readings, notes] = await Promise.all([
      api<GlucoseReport>('GET', `/v1/patients/${patientId}/reports/glucose?${new URLSearchParams({ ...period, source })}`),
      fetchReadings(patientId, 'glucose', period),
      fetchAnnotations(patientId, period),
    ]);
    if (!report.ok || !readings.ok) {
      const failed = !report.ok ? report : (readings as Extract<typeof readings, { ok: false }>);
      for (const name of ['glucose-latest', 'glucose-tir', 'glucose-stats', 'glucose-overlay-chart', 'glucose-agp-chart']) show(region(name), <Failure result={failed} what="Blood sugar charts" />);
      return;
    }
    const rep = report.data;
    const all = readings.data;
    loaded = all;
    const at = localMomentIn(rep.period.timeZone);
    const shown = notes.ok ? annotationsForChart(notes.data, { ids: new Set(all.map((r) => r.readingId)), times: new Set(all.map((r) => Date.parse(r.measuredAt))) }) : [];
    // the overlay's x is the minute of the local day, so a note sits at its time of day
    const marks = shown.map((a) => ({ x: at(Date.parse(a.at)).minute, kind: a.kind }));
    show(region('glucose-latest'), <Latest reading={all.at(-1) ?? null} targets={rep.targets} />);
    show(region('glucose-tir'), <TimeInRange report={rep} />);
    show(region('glucose-stats'), <Stats report={rep} />);
    charts.splice(0).forEach((c) => c?.destroy());
    const overlayEl = region('glucose-overlay-chart');
    charts.push(drawOverlay(overlayEl, all, rep, marks));
    if (all.length) {
      appendChartNotes(
        overlayEl,
        'Each line is one day, from midnight on the left to midnight on the right. The newest day is the thick blue line. The green band is your target range.',
        [
          { swatch: 'swatch-median', label: 'Newest day' },
          { swatch: 'swatch-in', label: `Target range ${rep.targets.lowBelow}–${rep.targets.highAbove} mg/dL` },
        ],
        { caption: 'Blood sugar readings', head: ['When', 'mg/dL'], rows: all.slice(-50).reverse().map((r) => [formatDateTime(r.measuredAt), formatNumber(r.value)]) },
      );
    }
    appendAnnotationList(overlayEl, notes, shown, 'blood sugar readings');
    const agpEl = region('glucose-agp-chart');
    charts.push(drawAgp(agpEl, rep));
    if (rep.agp.bins.some((b) => b.count > 0)) {
      appendChartNotes(
        agpEl,
        'The dark line is your usual (median) blood sugar at each time of day. Half of your readings fall in the darker band, and 9 in 10 in the lighter band.',
        [
          { swatch: 'swatch-median', label: 'Median' },
          { swatch: 'swatch-band', label: 'Middle half (25th–75th percentile)' },
          { swatch: 'swatch-band-outer', label: '5th–95th percentile' },
        ],
        {
          caption: 'Glucose profile by time of day',
          head: ['Time of day', 'Median', '25th–75th', '5th–95th'],
          rows: rep.agp.bins.filter((b) => b.count > 0).map((b) => [`${minuteLabel(b.startMinute)}`, formatNumber(b.p50), `${formatNumber(b.p25)}–${formatNumber(b.p75)}`, `${formatNumber(b.p5)}–${formatNumber(b.p95)}`]),
        },
      );
    }
  };
  days?.addEventListener('change', () => void refresh());
  await refresh();
  return { refresh, readings: () => loaded };
}

