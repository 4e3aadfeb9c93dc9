/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from './api.ts';
import { ago, formatDateTime } from './format.ts';
import { say } from './ui.tsx';

export interface Alert {
  id: string;
  patientId: string;
  severity: 'info' | 'low' | 'high' | 'urgent';
  state: 'open' | 'acknowledged' | 'snoozed' | 'resolved';
  message: string;
  observedAt: string;
  openedAt: string;
  count: number;
  acknowledged: { by: string; at: string } | null;
  patient?: { id: string; name: string; mrn: string };
}

const STATE_WORDS: Record<Alert['state'], string> = { open: 'Open', acknowledged: 'Acknowledged', snoozed: 'Snoozed', resolved: 'Resolved' };
const SEVERITY_WORDS: Record<Alert['severity'], string> = { urgent: 'Urgent', high: 'High', low: 'Low', info: 'Info' };

/**
 * Alerts with the clinician's actions: acknowledge, resolve, add a note. `statusId` names the
 * status line that announces the outcome; `onChanged` reloads the list.
 */
export function AlertList(props: { alerts: Alert[]; statusId: string; onChanged: () => void; showPatient?: boolean }) {
  if (!props.alerts.length) return <p class="muted">No alerts here. Well done.</p>;
  const act = async (a: Alert, action: 'acknowledge' | 'resolve' | 'notes', body?: unknown) => {
    const r = await api('POST', `/v1/patients/${a.patientId}/alerts/${a.id}/${action}`, body ?? {});
    if (!r.ok) return say(props.statusId, problemText(r.problem), 'error');
    say(props.statusId, action === 'acknowledge' ? 'Alert acknowledged.' : action === 'resolve' ? 'Alert resolved.' : 'Note added.');
    props.onChanged();
  };
  const note = (a: Alert) => (e: Event) => {
    e.preventDefault();
    const text = (new FormData(e.currentTarget as HTMLFormElement).get('text') ?? '').toString().trim();
    if (text) void act(a, 'notes', { text });
  };
  return (
    <ul class="item-list" data-testid="alert-list">
      {props.alerts.map((a) => {
        const who = props.showPatient && a.patient ? `${a.patient.name} (${a.patient.mrn})` : '';
        return (
          <li>
            <span class={`badge badge-${a.severity}`}>{SEVERITY_WORDS[a.severity]}</span> <span class="item-title">{a.message}</span>
            <br />
            <span class="item-meta">
              {who ? (
                <>
                  <a href={`/app/clinic/patients/${a.patientId}`}>{who}</a>
                  {' · '}
                </>
              ) : null}
              {`${STATE_WORDS[a.state]} · ${formatDateTime(a.observedAt)} (${ago(a.observedAt)})${a.count > 1 ? ` · ${a.count} times` : ''}`}
            </span>
            {a.state === 'resolved' ? null : (
              <div class="item-actions">
                {a.state === 'open' ? (
                  <button type="button" class="button" onClick={() => void act(a, 'acknowledge')} aria-label={`Acknowledge: ${a.message}${who ? `, ${who}` : ''}`}>
                    Acknowledge
                  </button>
                ) : null}
                <button type="button" class="button-secondary" onClick={() => void act(a, 'resolve')} aria-label={`Resolve: ${a.message}${who ? `, ${who}` : ''}`}>
                  Resolve
                </button>
                <details>
                  <summary>Add a note</summary>
                  <form class="inline-form" onSubmit={note(a)} novalidate>
                    <div class="field">
                      <label for={`note-${a.id}`}>Note</label>
                      <input id={`note-${a.id}`} name="text" type="text" maxlength={4000} />
                    </div>
                    <button type="submit" class="button-secondary">
                      Save note
                    </button>
                  </form>
                </details>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Reload on every alert change the server announces (clinicians only). */
export function watchAlerts(onChange: () => void, statusEl?: HTMLElement | null): () => void {
  const source = new EventSource('/v1/alerts/stream');
  source.addEventListener('ready', () => {
    if (statusEl) statusEl.textContent = 'New alerts appear here by themselves.';
  });
  source.addEventListener('alert', () => onChange());
  return () => source.close();
}
