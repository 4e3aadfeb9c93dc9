/** @jsxImportSource hono/jsx/dom */
import { startBpCharts } from '../charts/blood-pressure.tsx';
import { fetchReadings } from '../charts/readings.ts';
import { mountAnnotationForm } from '../lib/annotations-form.tsx';
import { formatNumber, lastDays } from '../lib/format.ts';
import { watchReadings } from '../lib/live.ts';
import { onReady, pageData } from '../lib/page.ts';

onReady(async () => {
  const patientId = pageData('patientId');
  const root = document.querySelector<HTMLElement>('[data-charts="blood-pressure"]')!;
  const charts = await startBpCharts(root, patientId);
  mountAnnotationForm(root, {
    patientId,
    id: 'bp-annotate',
    // the top number's reading stands for the measurement: a note on it takes its time, which the chart matches
    readings: async () => {
      const r = await fetchReadings(patientId, 'systolic', lastDays(30));
      return r.ok ? [...r.data].reverse().map((x) => ({ readingId: x.readingId, measuredAt: x.measuredAt, value: `top number ${formatNumber(x.value)} mmHg` })) : [];
    },
    onAdded: () => charts.refresh(),
  });
  watchReadings(patientId, (metrics) => {
    if (metrics.includes('systolic')) void charts.refresh();
  });
});
