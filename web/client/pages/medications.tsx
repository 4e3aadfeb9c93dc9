/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { onReady, pageData } from '../lib/page.ts';
import { fill, say } from '../lib/ui.tsx';

interface Medication {
  id: string;
  name: string;
  dose: string;
  frequency: string;
  prescriber: string;
  startDate: string;
  status: 'active' | 'on_hold' | 'completed' | 'stopped';
}
interface RefillRequest {
  id: string;
  medication: { id: string };
  status: string;
  createdAt: string;
}

const REFILL_WORDS: Record<string, string> = { requested: 'Refill asked for', approved: 'Refill approved', denied: 'Refill not approved – see your messages', sent_to_pharmacy: 'Sent to your pharmacy' };
const STATUS_WORDS: Record<Medication['status'], string> = { active: 'Taking', on_hold: 'Paused', completed: 'Finished', stopped: 'Stopped' };

onReady(async () => {
  const patientId = pageData('patientId');
  const load = async () => {
    const [meds, refills] = await Promise.all([
      api<{ medications: Medication[] }>('GET', `/v1/patients/${patientId}/medications`),
      api<{ refillRequests: RefillRequest[] }>('GET', `/v1/patients/${patientId}/refill-requests`),
    ]);
    const latestRefill = new Map<string, RefillRequest>();
    if (refills.ok) for (const r of refills.data.refillRequests) if (!latestRefill.has(r.medication.id)) latestRefill.set(r.medication.id, r);
    fill('medications', meds, 'Your medicines', (d) =>
      d.medications.length ? (
        <ul class="item-list">
          {d.medications.map((m) => {
            const refill = latestRefill.get(m.id);
            return (
              <li>
                <span class="item-title">{m.name}</span> <span class="badge badge-info">{STATUS_WORDS[m.status]}</span>
                <br />
                <span class="item-meta">{`${m.dose}, ${m.frequency} · Prescribed by ${m.prescriber} · Since ${formatDate(m.startDate)}`}</span>
                {refill ? <p class="item-meta">{`${REFILL_WORDS[refill.status] ?? refill.status} (${formatDate(refill.createdAt)})`}</p> : null}
                {m.status === 'active' && refill?.status !== 'requested' ? (
                  <div class="item-actions">
                    <button type="button" class="button-secondary" onClick={() => void requestRefill(m)} aria-label={`Ask for a refill of ${m.name}`}>
                      Ask for a refill
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">No medicines on this record.</p>
      ),
    );
  };
  const requestRefill = async (m: Medication) => {
    const r = await api('POST', `/v1/patients/${patientId}/refill-requests`, { medicationId: m.id });
    if (!r.ok) return say('page-status', problemText(r.problem), 'error');
    say('page-status', `Refill asked for ${m.name}. We will tell you when it is ready.`);
    await load();
  };
  await load();
});
