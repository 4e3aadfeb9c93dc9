/** @jsxImportSource hono/jsx/dom */
import { latestReading, type Reading } from '../charts/readings.ts';
import { api } from '../lib/api.ts';
import { appointmentsApi, VisitSummary } from '../lib/appointments.tsx';
import { ago, formatDate, formatNumber, unitText } from '../lib/format.ts';
import { watchReadings } from '../lib/live.ts';
import type { ThreadSummary } from '../lib/messages.tsx';
import { onReady, pageData } from '../lib/page.ts';
import { flagText, resultsApi, valueText } from '../lib/results.ts';
import { fill, region, show } from '../lib/ui.tsx';

/** Stored in this browser only (no health data): whether the first-visit guide was offered. */
const GUIDE_KEY = 'vitals.guide.dismissed';

/** The home-reading metrics the dashboard shows, with words for them. */
const METRICS = [
  { metric: 'glucose', label: 'Blood sugar', href: '/app/glucose' },
  { metric: 'systolic', label: 'Blood pressure', href: '/app/blood-pressure', pair: 'diastolic' },
  { metric: 'body_weight', label: 'Weight' },
  { metric: 'spo2', label: 'Oxygen level' },
  { metric: 'heart_rate', label: 'Heart rate' },
] as const;

/** Show the latest readings; false when the API refused or failed (then there is nothing to watch). */
async function loadReadings(patientId: string): Promise<boolean> {
  const results = await Promise.all(METRICS.map(async (m) => ({ m, r: await latestReading(patientId, m.metric), pair: 'pair' in m ? await latestReading(patientId, m.pair) : null })));
  const failed = results.find((x) => !x.r.ok);
  if (failed && !failed.r.ok) {
    fill('readings', failed.r, 'Home readings', () => null);
    return false;
  }
  const rows = results.filter((x): x is typeof x & { r: { ok: true; data: Reading } } => x.r.ok && x.r.data !== null);
  show(
    'readings',
    rows.length ? (
      <ul class="item-list" data-testid="latest-readings">
        {rows.map(({ m, r, pair }) => {
          const second = pair?.ok ? pair.data : null;
          const value = second ? `${formatNumber(r.data.value)}/${formatNumber(second.value)}` : formatNumber(r.data.value, m.metric === 'body_weight' ? 1 : 0);
          return (
            <li>
              <span class="item-title">{m.label}: </span>
              {`${value} ${unitText(r.data.unit)}`}
              <br />
              <span class="item-meta">{ago(r.data.measuredAt)}</span>
              {'href' in m ? (
                <>
                  {' · '}
                  <a href={m.href}>{`See ${m.label.toLowerCase()} charts`}</a>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    ) : (
      <p class="muted">No readings yet. Readings from the devices appear here by themselves.</p>
    ),
  );
  return true;
}

/** The server leaves out the panels a proxy's grant does not cover (web/src/pages/patient-pages.tsx). */
const hasRegion = (name: string) => document.querySelector(`[data-region="${name}"]`) !== null;

onReady(async () => {
  const patientId = pageData('patientId');
  const banner = region('guide-banner');
  if (!localStorage.getItem(GUIDE_KEY)) banner.hidden = false;
  banner.querySelector('[data-action="dismiss-guide"]')?.addEventListener('click', () => {
    localStorage.setItem(GUIDE_KEY, '1');
    banner.hidden = true;
    document.getElementById('main')?.focus();
  });

  const [appointments, threads, results] = await Promise.all([
    hasRegion('appointments') ? appointmentsApi.list(patientId) : null,
    hasRegion('messages') ? api<{ threads: ThreadSummary[] }>('GET', `/v1/patients/${patientId}/message-threads`) : null,
    hasRegion('results') ? resultsApi.list(patientId) : null,
  ]);
  if (appointments) fill('appointments', appointments, 'Online booking', (d) => {
    const booked = d.appointments.filter((a) => a.status === 'booked');
    return booked.length ? (
      <ul class="item-list">
        {booked.slice(0, 3).map((a) => (
          <li>
            <VisitSummary a={a} />
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">
        No upcoming visits. <a href="/app/appointments">Book a visit</a>
      </p>
    );
  });
  if (threads) fill('messages', threads, 'Messages', (d) => {
    const unread = d.threads.filter((t) => t.unread > 0);
    return unread.length ? (
      <ul class="item-list">
        {unread.slice(0, 3).map((t) => (
          <li>
            <span class="item-title unread">{t.subject}</span>
            <br />
            <span class="item-meta">{`${t.unread} new · ${ago(t.lastMessageAt)}`}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">No new messages.</p>
    );
  });
  if (results) fill('results', results, 'Test results', (d) =>
    d.results.length ? (
      <ul class="item-list">
        {d.results.slice(0, 3).map((r) => (
          <li>
            <a class="item-title" href={`/app/results/${r.id}`}>
              {r.displayName}
            </a>
            <br />
            <span class="item-meta">{`${valueText(r)} · ${formatDate(r.collectedAt)}${flagText(r) ? ` · ${flagText(r)}` : ''}`}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">No test results yet.</p>
    ),
  );
  // no stream without the readings panel, nor after the API refused the readings: a proxy
  // whose grant leaves out home readings would only be told no again
  if (hasRegion('readings') && (await loadReadings(patientId))) watchReadings(patientId, () => void loadReadings(patientId));
});
