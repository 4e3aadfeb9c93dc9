/** @jsxImportSource hono/jsx/dom */
import { api } from '../lib/api.ts';
import { ago, formatDate } from '../lib/format.ts';
import { onReady, pageData } from '../lib/page.ts';
import { fill } from '../lib/ui.tsx';

/** Problems, allergies and vaccinations share a list shape (api/src/summary/schemas.ts). */
interface Entry {
  display?: string;
  substance?: string;
  vaccine?: string;
  reaction?: string | null;
  onsetDate?: string | null;
  date?: string | null;
}
interface Summary {
  problems: Entry[];
  allergies: Entry[];
  immunizations: Entry[];
}
interface Device {
  type: string;
  model: string | null;
  lastSyncAt: string | null;
  battery: number | null;
}

const DEVICE_WORDS: Record<string, string> = { glucose_meter: 'Blood sugar meter', cgm: 'Glucose sensor (CGM)', bp_cuff: 'Blood pressure cuff', pulse_oximeter: 'Pulse oximeter', scale: 'Scale', thermometer: 'Thermometer', heart_rate: 'Heart rate monitor' };

function EntryList(props: { items: Entry[]; empty: string }) {
  const items = props.items;
  if (!items.length) return <p class="muted">{props.empty}</p>;
  return (
    <ul class="item-list">
      {items.map((e) => (
        <li>
          <span class="item-title">{e.display ?? e.substance ?? e.vaccine ?? ''}</span>
          {e.reaction ? <span class="item-meta">{` · Reaction: ${e.reaction}`}</span> : null}
          {e.onsetDate ?? e.date ? <span class="item-meta">{` · ${formatDate(e.onsetDate ?? e.date ?? '')}`}</span> : null}
        </li>
      ))}
    </ul>
  );
}

onReady(async () => {
  const patientId = pageData('patientId');
  const [summary, devices] = await Promise.all([api<Summary>('GET', `/v1/patients/${patientId}/summary`), api<{ devices: Device[] }>('GET', `/v1/patients/${patientId}/devices`)]);
  fill('conditions', summary, 'The health summary', (s) => <EntryList items={s.problems} empty="No conditions on this record." />);
  fill('allergies', summary, 'The health summary', (s) => <EntryList items={s.allergies} empty="No known allergies on this record." />);
  fill('immunizations', summary, 'The health summary', (s) => <EntryList items={s.immunizations} empty="No vaccinations on this record." />);
  fill('devices', devices, 'The device list', (d) =>
    d.devices.length ? (
      <ul class="item-list">
        {d.devices.map((x) => (
          <li>
            <span class="item-title">{DEVICE_WORDS[x.type] ?? x.type}</span>
            {x.model ? <span class="item-meta">{` (${x.model})`}</span> : null}
            <br />
            <span class="item-meta">
              {x.lastSyncAt ? `Last sent readings ${ago(x.lastSyncAt)}` : 'Has not sent readings yet'}
              {x.battery !== null ? ` · Battery ${x.battery}%` : ''}
            </span>
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">No home devices are linked to your record.</p>
    ),
  );
});
