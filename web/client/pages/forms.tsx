/** @jsxImportSource hono/jsx/dom */
import type { QuestionnaireItem, ResponseItem } from '../../../api/src/forms/questionnaire-schema.ts';
import { api, problemText } from '../lib/api.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { answerText, canonicalUrl, collectAnswers, problemToFieldErrors } from '../lib/forms-answers.ts';
import { loadConsents } from '../lib/forms-consents.tsx';
import { Question, readAnswers, showFieldErrors } from '../lib/forms-fields.tsx';
import { onReady, pageData } from '../lib/page.ts';
import { fill, region, say, show } from '../lib/ui.tsx';

const STATUS = 'page-status';

interface Published {
  id: string;
  resource: { url: string; title: string; description?: string; copyright?: string; item: QuestionnaireItem[] };
}
/** A FHIR QuestionnaireResponse; `questionnaire` is the canonical `url|version` of the form answered. */
interface AnsweredResponse {
  id: string;
  questionnaire: string;
  authored: string;
  extension?: Array<{ valueSignature?: { who: { display: string } } }>;
  item: ResponseItem[];
}

/** A sent form, read-only: who signed it and when, each question with its answer. */
function AnsweredForm(props: { resp: AnsweredResponse; form: Published | undefined; open: boolean }) {
  const { resp } = props;
  const items = props.form?.resource.item ?? [];
  return (
    <details class="answers" open={props.open}>
      <summary>
        <span class="item-title">{props.form?.resource.title ?? 'Form'}</span> <span class="item-meta">{`sent ${formatDateTime(resp.authored)}`}</span>
      </summary>
      <p class="item-meta">{`Signed by ${resp.extension?.[0]?.valueSignature?.who.display ?? 'you'}.`}</p>
      <dl class="answer-list">
        {resp.item.map((i) => (
          <div>
            <dt>{i.text ?? i.linkId}</dt>
            <dd>{(i.answer ?? []).map((a) => answerText(a, items.find((q) => q.linkId === i.linkId))).join(', ')}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

onReady(async () => {
  const patientId = pageData('patientId');
  const fillRegion = region('form-fill');
  let forms: Published[] = [];
  let answered: AnsweredResponse[] = [];

  const formOf = (ref: string) => forms.find((q) => q.resource.url === canonicalUrl(ref));

  const loadAnswered = async (openFirst = false) => {
    const r = await api<{ responses: AnsweredResponse[] }>('GET', `/v1/patients/${patientId}/questionnaire-responses`);
    answered = r.ok ? r.data.responses : [];
    fill('answered', r, 'Forms you have sent', (d) =>
      d.responses.length ? (
        <ul class="item-list">
          {d.responses.map((resp, n) => (
            <li>
              <AnsweredForm resp={resp} form={formOf(resp.questionnaire)} open={openFirst && n === 0} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">You have not sent any forms yet.</p>
      ),
    );
  };

  const lastSent = (q: Published) => answered.find((r) => canonicalUrl(r.questionnaire) === q.resource.url);

  const loadForms = async (openFirstAnswer = false) => {
    const r = await api<{ questionnaires: Published[] }>('GET', '/v1/questionnaires');
    forms = r.ok ? r.data.questionnaires : [];
    await loadAnswered(openFirstAnswer);
    fill('forms', r, 'Forms', (d) =>
      d.questionnaires.length ? (
        <ul class="item-list">
          {d.questionnaires.map((q) => {
            const sent = lastSent(q);
            return (
              <li>
                <span class="item-title">{q.resource.title}</span>
                {sent ? <span class="badge badge-ok">{`Sent ${formatDate(sent.authored)}`}</span> : null}
                {q.resource.description ? <p class="item-meta">{q.resource.description}</p> : null}
                <div class="item-actions">
                  <button type="button" class="button-secondary" onClick={() => openForm(q)} aria-label={`${sent ? 'Fill in again' : 'Fill in'}: ${q.resource.title}`}>
                    {sent ? 'Fill in again' : 'Fill in'}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">No forms to fill in. Thank you.</p>
      ),
    );
  };

  /** Close the form; focus goes to `then` (a heading or the new answers) instead of being lost. */
  const closeForm = (then: HTMLElement | null) => {
    fillRegion.hidden = true;
    show(fillRegion, <></>);
    if (then && then.tabIndex < 0) then.setAttribute('tabindex', '-1');
    then?.focus();
  };

  const submit = async (e: Event, q: Published) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const items = q.resource.item;
    const { item, errors } = collectAnswers(items, readAnswers(form, items));
    if (errors.length) return showFieldErrors(form, items, errors, null);
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) button.disabled = true;
    const r = await api('POST', `/v1/patients/${patientId}/questionnaire-responses`, { questionnaireId: q.id, item });
    if (button) button.disabled = false;
    if (!r.ok) {
      const mapped = problemToFieldErrors(r.problem, new Set(items.map((i) => i.linkId)));
      return showFieldErrors(form, items, mapped.fields, mapped.general ? problemText(r.problem) : null);
    }
    say(STATUS, `Thank you. Your answers to "${q.resource.title}" were sent to your care team.`);
    await loadForms(true);
    closeForm(document.querySelector<HTMLElement>('[data-region="answered"] details[open] summary'));
  };

  const openForm = (q: Published) => {
    fillRegion.hidden = false;
    show(
      fillRegion,
      <>
        <div class="panel-head">
          <h2 id="fill-title" tabindex={-1}>
            {q.resource.title}
          </h2>
        </div>
        {q.resource.description ? <p>{q.resource.description}</p> : null}
        <p class="hint">Questions marked (required) need an answer. Sending the form signs it with your name.</p>
        <form class="stack questionnaire" novalidate onSubmit={(e: Event) => void submit(e, q)}>
          <div class="error-summary" data-region="form-errors" role="alert" tabindex={-1} hidden></div>
          {q.resource.item.map((item, i) => (
            <Question item={item} i={i} />
          ))}
          <p class="button-row">
            <button type="submit" class="button">
              Sign and send
            </button>
            <button type="button" class="button-secondary" onClick={() => closeForm(document.getElementById('forms-title'))}>
              Cancel
            </button>
          </p>
          {q.resource.copyright ? <p class="item-meta">{q.resource.copyright}</p> : null}
        </form>
      </>,
    );
    document.getElementById('fill-title')?.focus();
  };

  await Promise.all([loadForms(), loadConsents(patientId, STATUS)]);
});
