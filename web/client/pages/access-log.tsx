/** @jsxImportSource hono/jsx/dom */
import { api } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { onReady, pageData } from '../lib/page.ts';
import { fill } from '../lib/ui.tsx';

interface Entry {
  seq: number;
  at: string;
  actor: { name: string; role: string | null };
  action: string;
  resource: string;
  outcome: 'allowed' | 'denied';
  reason: string | null;
}

/** What part of the record an audit action touched, in words (`readings.read` → "home readings"). */
const AREA_WORDS: Record<string, string> = {
  readings: 'home readings',
  reports: 'reports',
  alerts: 'alerts',
  devices: 'devices',
  messages: 'messages',
  results: 'test results',
  appointments: 'appointments',
  medications: 'medicines',
  billing: 'billing',
  privacy: 'privacy settings',
  proxies: 'proxies',
  compliance: 'reading days',
  access_log: 'this list',
};
const ROLE_WORDS: Record<string, string> = { clinician: 'care team', proxy: 'proxy', admin: 'clinic staff', patient: 'you' };

function describe(e: Entry): string {
  const area = AREA_WORDS[e.action.split('.')[0] ?? ''] ?? e.resource;
  const what = /\.(read|list|live|stream)/.test(e.action) || e.action.endsWith('.read') ? 'Looked at' : 'Changed';
  return `${e.outcome === 'denied' ? 'Tried to open (refused)' : what} ${area}`;
}

onReady(async () => {
  const patientId = pageData('patientId');
  const r = await api<{ entries: Entry[] }>('GET', `/v1/patients/${patientId}/access-log?limit=100`);
  fill('access-log', r, 'Who viewed my record', (d) =>
    d.entries.length ? (
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Who opened your record, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {d.entries.map((e) => (
              <tr>
                <td>{formatDateTime(e.at)}</td>
                <td>
                  {e.actor.name}
                  {e.actor.role ? <span class="item-meta">{` (${ROLE_WORDS[e.actor.role] ?? e.actor.role})`}</span> : null}
                  {e.reason?.startsWith('break-the-glass') ? (
                    <>
                      <br />
                      <span class="badge badge-flag">Emergency access</span>
                    </>
                  ) : null}
                </td>
                <td>{describe(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <p class="muted">Nobody else has opened your record yet.</p>
    ),
  );
});
