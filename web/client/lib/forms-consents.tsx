/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from './api.ts';
import { formatDate } from './format.ts';
import { fill, say } from './ui.tsx';

interface ConsentDocument {
  id: string;
  kind: string;
  version: number;
  title: string;
  body: string;
}
export interface Consent {
  id: string;
  document: { id: string; kind: string; version: number; title: string };
  status: 'active' | 'revoked' | 'superseded';
  signedAt: string;
  signedBy: string;
  endedAt: string | null;
}

/** Where a document stands for this patient: signed (this version), to sign, or to sign again. */
export function consentState(doc: Pick<ConsentDocument, 'id' | 'kind'>, consents: readonly Consent[]): { state: 'signed'; consent: Consent } | { state: 'outdated' | 'withdrawn' | 'unsigned'; consent: Consent | null } {
  const ofKind = consents.filter((c) => c.document.kind === doc.kind);
  const active = ofKind.find((c) => c.status === 'active');
  if (active?.document.id === doc.id) return { state: 'signed', consent: active };
  if (active) return { state: 'outdated', consent: active };
  const last = ofKind[0] ?? null; // newest first
  return last?.status === 'revoked' ? { state: 'withdrawn', consent: last } : { state: 'unsigned', consent: null };
}

/**
 * The consent still in force for a document's kind, the one "Withdraw consent" ends: this
 * version's, or an older version's not yet signed again (it applies until then).
 */
export function consentInForce(s: ReturnType<typeof consentState>): Consent | null {
  return s.state === 'signed' || s.state === 'outdated' ? s.consent : null;
}

/**
 * One line of a document's consent history, in words: "Version 1: signed on 10 Jan 2026 by Maria
 * Garcia, withdrawn on 1 Mar 2026." Dates are the reader's calendar days (`date` formats them).
 */
export function historyLine(c: Consent, date: (iso: string) => string = formatDate): string {
  const signed = `Version ${c.document.version}: signed on ${date(c.signedAt)} by ${c.signedBy}`;
  if (c.status === 'active' || !c.endedAt) return `${signed}, in force.`;
  return `${signed}, ${c.status === 'revoked' ? 'withdrawn' : 'replaced by a newer version'} on ${date(c.endedAt)}.`;
}

/** Every consent given to a document's kind, newest first, withdrawn and replaced ones included. */
function History(props: { kind: string; consents: readonly Consent[] }) {
  const ofKind = props.consents.filter((c) => c.document.kind === props.kind);
  if (!ofKind.length) return null;
  return (
    <details class="consent-history">
      <summary>History of this consent</summary>
      <ul>
        {ofKind.map((c) => (
          <li>{historyLine(c)}</li>
        ))}
      </ul>
    </details>
  );
}

/**
 * "Withdraw consent" and its confirmation, shown in place below it: a heading that takes focus,
 * what withdrawing means (it ends now and stays in the history), an optional reason, and two real
 * buttons. The API's answer to a failed withdrawal (problem+json) is shown in the box.
 */
function Withdraw(props: { n: number; title: string; onConfirm: (e: Event, n: number) => void }) {
  const { n } = props;
  const id = `consent-${n}-withdraw`;
  const open = (e: Event) => {
    const box = document.getElementById(id)!;
    box.hidden = false;
    (e.currentTarget as HTMLElement).setAttribute('aria-expanded', 'true');
    document.getElementById(`${id}-title`)?.focus();
  };
  const cancel = () => {
    const box = document.getElementById(id)!;
    box.hidden = true;
    const error = document.getElementById(`${id}-error`)!;
    error.hidden = true;
    error.textContent = '';
    const button = document.getElementById(`${id}-open`)!;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  return (
    <>
      <p class="item-actions">
        <button type="button" class="button-secondary" id={`${id}-open`} aria-expanded="false" aria-controls={id} aria-describedby={`consent-${n}-title`} onClick={open}>
          Withdraw consent
        </button>
      </p>
      <form class="stack confirm-box" id={id} aria-labelledby={`${id}-title`} novalidate hidden onSubmit={(e: Event) => props.onConfirm(e, n)}>
        <h4 id={`${id}-title`} tabindex={-1}>{`Withdraw consent: ${props.title}?`}</h4>
        <p>The consent ends today. It is not deleted: it stays in the history of this consent with today's date, and you can sign it again at any time.</p>
        <p class="error-summary" id={`${id}-error`} role="alert" tabindex={-1} hidden></p>
        <div class="field">
          <label for={`${id}-reason`}>Reason (optional)</label>
          <textarea id={`${id}-reason`} name="reason" rows={3} maxlength={1000}></textarea>
        </div>
        <p class="button-row">
          <button type="submit" class="button-danger">
            Yes, withdraw consent
          </button>
          <button type="button" class="button-secondary" onClick={cancel}>
            No, keep it
          </button>
        </p>
      </form>
    </>
  );
}

/**
 * The consent documents with what was signed, and a sign form for each one not signed: the text,
 * an "I agree" box that must be ticked, and the button. The API records the signed-in person as
 * the signer and the server's time, so there is no name to type. A consent in force can be
 * withdrawn after a confirmation; every consent given stays listed in the document's history.
 */
export async function loadConsents(patientId: string, statusId: string): Promise<void> {
  const r = await api<{ documents: ConsentDocument[]; consents: Consent[] }>('GET', `/v1/patients/${patientId}/consents`);
  const reload = async (n: number) => {
    await loadConsents(patientId, statusId);
    document.getElementById(`consent-${n}-title`)?.focus();
  };
  const sign = async (e: Event, doc: ConsentDocument, n: number) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const box = form.querySelector<HTMLInputElement>(`#consent-${n}-agree`)!;
    const error = form.querySelector<HTMLElement>(`#consent-${n}-error`)!;
    const problem = (text: string) => {
      error.textContent = text;
      error.hidden = false;
      box.setAttribute('aria-invalid', 'true');
      box.setAttribute('aria-describedby', error.id);
      box.focus();
    };
    if (!box.checked) return problem('Please tick the box to show you have read this consent and agree to it.');
    const signed = await api('POST', `/v1/patients/${patientId}/consents`, { documentId: doc.id });
    if (!signed.ok) return problem(problemText(signed.problem));
    say(statusId, `Thank you. You signed: ${doc.title}.`);
    await reload(n);
  };
  const withdraw = async (e: Event, consent: Consent, n: number) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const reason = form.querySelector<HTMLTextAreaElement>('textarea')!.value.trim();
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    const ended = await api('POST', `/v1/patients/${patientId}/consents/${consent.id}/revoke`, reason ? { reason } : {});
    button.disabled = false;
    if (!ended.ok) {
      const error = form.querySelector<HTMLElement>('.error-summary')!;
      error.textContent = problemText(ended.problem);
      error.hidden = false;
      error.focus();
      return;
    }
    say(statusId, `You withdrew: ${consent.document.title}. It stays in the history of this consent.`);
    await reload(n);
  };
  fill('consents', r, 'Consent forms', (d) =>
    d.documents.length ? (
      <ul class="item-list">
        {d.documents.map((doc, n) => {
          const s = consentState(doc, d.consents);
          const inForce = consentInForce(s);
          return (
            <li class="consent" data-testid={`consent-${doc.kind}`}>
              <h3 id={`consent-${n}-title`} tabindex={-1}>
                {doc.title}
              </h3>
              {s.state === 'signed' ? (
                <>
                  <p>
                    <span class="badge badge-ok">Signed</span> <span class="item-meta">{`on ${formatDate(s.consent.signedAt)} by ${s.consent.signedBy}`}</span>
                  </p>
                  <details>
                    <summary>Read what was agreed</summary>
                    <p class="consent-body">{doc.body}</p>
                  </details>
                </>
              ) : (
                <>
                  {s.state === 'outdated' ? <p class="notice">This consent has changed since you signed it. Please read the new version and sign it again.</p> : null}
                  {s.state === 'withdrawn' && s.consent?.endedAt ? (
                    <p>
                      <span class="badge badge-info">Withdrawn</span> <span class="item-meta">{`on ${formatDate(s.consent.endedAt)}. You can sign it again.`}</span>
                    </p>
                  ) : null}
                  <p class="consent-body">{doc.body}</p>
                  <form class="stack consent-form" novalidate onSubmit={(e: Event) => void sign(e, doc, n)}>
                    <p class="field-error" id={`consent-${n}-error`} hidden></p>
                    <div class="checkbox">
                      <input type="checkbox" id={`consent-${n}-agree`} name="agree" required />
                      <label for={`consent-${n}-agree`}>I have read this consent and I agree to it.</label>
                    </div>
                    <button type="submit" class="button" aria-describedby={`consent-${n}-title`}>
                      Sign this consent
                    </button>
                  </form>
                </>
              )}
              {inForce ? <Withdraw n={n} title={inForce.document.title} onConfirm={(e, i) => void withdraw(e, inForce, i)} /> : null}
              <History kind={doc.kind} consents={d.consents} />
            </li>
          );
        })}
      </ul>
    ) : (
      <p class="muted">There are no consent forms to sign.</p>
    ),
  );
}
