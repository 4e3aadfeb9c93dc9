/** @jsxImportSource hono/jsx/dom */
import { startGlucoseCharts } from '../charts/glucose.tsx';
import { mountAnnotationForm } from '../lib/annotations-form.tsx';
import { formatNumber } from '../lib/format.ts';
import { watchReadings } from '../lib/live.ts';
import { onReady, pageData } from '../lib/page.ts';
import { region } from '../lib/ui.tsx';

onReady(async () => {
  const patientId = pageData('patientId');
  const root = document.querySelector<HTMLElement>('[data-charts="glucose"]')!;
  const status = region('live-status');
  const charts = await startGlucoseCharts(root, patientId);
  mountAnnotationForm(root, {
    patientId,
    id: 'glucose-annotate',
    readings: async () => [...charts.readings()].reverse().map((r) => ({ readingId: r.readingId, measuredAt: r.measuredAt, value: `${formatNumber(r.value)} mg/dL` })),
    onAdded: () => charts.refresh(),
  });
  watchReadings(
    patientId,
    async (metrics) => {
      if (!metrics.includes('glucose')) return;
      await charts.refresh();
      status.textContent = `New blood sugar reading received at ${new Date().toLocaleTimeString()}.`;
    },
    status,
  );
});
