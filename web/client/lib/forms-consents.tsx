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
interface Consent {
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
 * The consent documents with what was signed, and a sign form for each one not signed: the text,
 * an "I agree" box that must be ticked, and the button. The API records the signed-in person as
 * the signer and the server's time, so there is no name to type.
 */
export async function loadConsents(patientId: string, statusId: string): Promise<void> {
  const r = await api<{ documents: ConsentDocument[]; consents: Consent[] }>('GET', `/v1/patients/${patientId}/consents`);
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
    await loadConsents(patientId, statusId);
    document.getElementById(`consent-${n}-title`)?.focus();
  };
  fill('consents', r, 'Consent forms', (d) =>
    d.documents.length ? (
      <ul class="item-list">
        {d.documents.map((doc, n) => {
          const s = consentState(doc, d.consents);
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
                  {s.state === 'withdrawn' && s.consent?.endedAt ? <p class="item-meta">{`You withdrew this consent on ${formatDate(s.consent.endedAt)}. You can sign it again.`}</p> : null}
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
            </li>
          );
        })}
      </ul>
    ) : (
      <p class="muted">There are no consent forms to sign.</p>
    ),
  );
}
