/** @jsxImportSource hono/jsx/dom */
import { startBpCharts } from '../charts/blood-pressure.tsx';
import { watchReadings } from '../lib/live.ts';
import { onReady, pageData } from '../lib/page.ts';

onReady(async () => {
  const patientId = pageData('patientId');
  const charts = await startBpCharts(document.querySelector<HTMLElement>('[data-charts="blood-pressure"]')!, patientId);
  watchReadings(patientId, (metrics) => {
    if (metrics.includes('systolic')) void charts.refresh();
  });
});
