/** @jsxImportSource hono/jsx/dom */
import { api } from '../lib/api.ts';
import { AlertList, watchAlerts, type Alert } from '../lib/alerts.tsx';
import { onReady } from '../lib/page.ts';
import { fill, region } from '../lib/ui.tsx';

onReady(async () => {
  const filter = document.getElementById('alert-state') as HTMLSelectElement;
  const load = async () => {
    const r = await api<{ alerts: Alert[] }>('GET', `/v1/alerts?state=${filter.value}`);
    fill('alerts', r, 'The alert inbox', (d) => <AlertList alerts={d.alerts} statusId="alert-status" onChanged={() => void load()} showPatient />);
  };
  /** A live refresh re-renders the list: not while someone is writing a note in it. */
  const refreshUnlessWriting = () => {
    if (document.activeElement?.closest('[data-region="alerts"] details[open]')) return;
    void load();
  };
  filter.addEventListener('change', () => void load());
  watchAlerts(refreshUnlessWriting, region('live-status'));
  await load();
});
