/** @jsxImportSource hono/jsx/dom */
import { startBpCharts } from '../charts/blood-pressure.tsx';
import { startGlucoseCharts } from '../charts/glucose.tsx';
import { api } from '../lib/api.ts';
import { AlertList, type Alert } from '../lib/alerts.tsx';
import { clinicCompliance, complianceText, type CurrentPeriod } from '../lib/compliance.ts';
import { watchReadings } from '../lib/live.ts';
import { onReady, pageData } from '../lib/page.ts';
import { fill, region, show } from '../lib/ui.tsx';

onReady(async () => {
  const patientId = pageData('patientId');
  const loadAlerts = async () => {
    const r = await api<{ alerts: Alert[] }>('GET', `/v1/patients/${patientId}/alerts?state=open,acknowledged,snoozed`);
    fill('alerts', r, 'Alerts', (d) => <AlertList alerts={d.alerts} statusId="alert-status" onChanged={() => void loadAlerts()} />);
  };
  const [list, compliance] = await Promise.all([clinicCompliance(), api<{ requiredDays: number; current: CurrentPeriod | null }>('GET', `/v1/patients/${patientId}/compliance`)]);
  const row = list.ok ? list.data.patients.find((p) => p.patientId === patientId) : undefined;
  if (row) show(region('patient-heading'), [<h1>{`${row.givenName} ${row.familyName}`}</h1>, <p class="intro">{row.mrn}</p>]);
  fill('compliance', compliance, 'Reading days', (c) => <p>{c.current ? complianceText(c.current, c.requiredDays) : 'Not under remote monitoring.'}</p>);
  const [glucose, bp] = await Promise.all([
    startGlucoseCharts(document.querySelector<HTMLElement>('[data-charts="glucose"]')!, patientId),
    startBpCharts(document.querySelector<HTMLElement>('[data-charts="blood-pressure"]')!, patientId),
    loadAlerts(),
  ]);
  watchReadings(
    patientId,
    (metrics) => {
      if (metrics.includes('glucose')) void glucose.refresh();
      if (metrics.includes('systolic')) void bp.refresh();
    },
    region('live-status'),
  );
});
