/** @jsxImportSource hono/jsx/dom */
import { problemText } from '../lib/api.ts';
import { appointmentsApi, VisitSummary, type Appointment, type Slot } from '../lib/appointments.tsx';
import { formatDateTime } from '../lib/format.ts';
import { onReady, pageData } from '../lib/page.ts';
import { fill, region, say, show } from '../lib/ui.tsx';

const STATUS = 'appointment-status';

onReady(async () => {
  const patientId = pageData('patientId');
  /** When set, picking a slot moves this visit instead of booking a new one. */
  let moving: Appointment | null = null;

  const loadVisits = async () => {
    const r = await appointmentsApi.list(patientId);
    fill('appointments', r, 'Online booking', (d) =>
      d.appointments.length ? (
        <ul class="item-list">
          {d.appointments.map((a) => (
            <li>
              <VisitSummary a={a} />
              {a.videoUrl ? (
                <p>
                  <a href={a.videoUrl}>Join the video visit</a>
                </p>
              ) : null}
              {a.status === 'cancelled' ? (
                <p>
                  <span class="badge badge-info">Cancelled</span>
                </p>
              ) : Date.parse(a.changeableOnlineUntil) > Date.now() ? (
                <div class="item-actions">
                  <button type="button" class="button-secondary" onClick={() => startMove(a)} aria-label={`Change time of visit on ${formatDateTime(a.startsAt)}`}>
                    Change time
                  </button>
                  <button type="button" class="button-danger" onClick={() => void cancel(a)} aria-label={`Cancel visit on ${formatDateTime(a.startsAt)}`}>
                    Cancel visit
                  </button>
                </div>
              ) : (
                <p class="item-meta">{`To change this visit, please call ${a.location.phone ?? 'the clinic'}.`}</p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">You have no upcoming visits.</p>
      ),
    );
  };

  const cancel = async (a: Appointment) => {
    if (!confirm(`Cancel the visit on ${formatDateTime(a.startsAt)}?`)) return;
    const r = await appointmentsApi.cancel(patientId, a.id);
    if (!r.ok) return say(STATUS, problemText(r.problem), 'error');
    say(STATUS, `Your visit on ${formatDateTime(a.startsAt)} is cancelled.`);
    await loadVisits();
  };

  const startMove = (a: Appointment) => {
    moving = a;
    const type = document.getElementById('visit-type') as HTMLSelectElement;
    type.value = a.visitType.id;
    say(STATUS, `Choose a new time for the visit on ${formatDateTime(a.startsAt)} below.`);
    document.getElementById('visit-date')?.focus();
  };

  const pick = async (slot: Slot) => {
    const r = moving ? await appointmentsApi.reschedule(patientId, moving.id, slot.id) : await appointmentsApi.book(patientId, slot.id);
    if (!r.ok) return say(STATUS, problemText(r.problem), 'error');
    say(STATUS, `${moving ? 'Your visit is moved to' : 'Booked:'} ${formatDateTime(slot.startsAt)} with ${slot.provider.displayName}.`);
    moving = null;
    show('slots', '');
    await loadVisits();
  };

  const catalog = await appointmentsApi.catalog();
  if (catalog.ok) show(region('visit-types'), [<option value="">Any</option>, ...catalog.data.visitTypes.map((t) => <option value={t.id}>{t.name}</option>)]);
  const dateInput = document.getElementById('visit-date') as HTMLInputElement;
  dateInput.value = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  document.getElementById('find-slots')?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const from = dateInput.value;
    if (!from) return say(STATUS, 'Please choose a day.', 'error');
    const to = new Date(Date.parse(from) + 13 * 86_400_000).toISOString().slice(0, 10);
    const r = await appointmentsApi.slots(patientId, { from, to, visitTypeId: (document.getElementById('visit-type') as HTMLSelectElement).value });
    fill('slots', r, 'Online booking', (d) =>
      d.slots.length ? (
        <>
          <h3>{moving ? 'Pick a new time' : 'Pick a time'}</h3>
          <ul class="slot-list">
            {d.slots.slice(0, 24).map((s) => (
              <li>
                <button type="button" class="button-secondary" onClick={() => void pick(s)} aria-label={`${formatDateTime(s.startsAt)}, ${s.visitType.name} with ${s.provider.displayName}`}>
                  {formatDateTime(s.startsAt)}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">No free times in the two weeks from that day. Try a later day.</p>
      ),
    );
  });
  await loadVisits();
});
