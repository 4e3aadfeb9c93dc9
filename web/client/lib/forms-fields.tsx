/** @jsxImportSource hono/jsx/dom */
import { render } from 'hono/jsx/dom';
import type { QuestionnaireItem } from '../../../api/src/forms/questionnaire-schema.ts';
import { hintFor, optionLabel, type FieldError, type RawAnswers } from './forms-answers.ts';

/**
 * One questionnaire rendered as an accessible HTML form. Ids are by position (`q3`), because a
 * FHIR linkId may hold characters an id cannot. Every question has its hint and an (empty,
 * hidden) error line tied to it with aria-describedby once it holds a message.
 */

const inputId = (i: number) => `q${i}`;

function Required(props: { item: QuestionnaireItem }) {
  return props.item.required ? <span class="required"> (required)</span> : null;
}

function Hint(props: { item: QuestionnaireItem; i: number }) {
  const hint = hintFor(props.item);
  return hint ? (
    <p class="hint" id={`${inputId(props.i)}-hint`}>
      {hint}
    </p>
  ) : null;
}

const ErrorLine = (props: { i: number }) => <p class="field-error" id={`${inputId(props.i)}-error`} hidden></p>;

/** A question answered by picking: Yes/No, or the item's options (checkboxes when it repeats). */
function ChoiceQuestion(props: { item: QuestionnaireItem; i: number }) {
  const { item, i } = props;
  const id = inputId(i);
  const options = item.type === 'boolean' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : (item.answerOption ?? []).map((o, n) => ({ value: String(n), label: optionLabel(o) }));
  const hint = hintFor(item);
  return (
    <fieldset class="question" data-question={item.linkId} data-index={i} aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>
        {item.text ?? item.linkId}
        <Required item={item} />
      </legend>
      <Hint item={item} i={i} />
      <ErrorLine i={i} />
      <div class="choices">
        {options.map((o, n) => (
          <label class="choice" for={n === 0 ? id : `${id}-${n}`}>
            <input type={item.repeats ? 'checkbox' : 'radio'} id={n === 0 ? id : `${id}-${n}`} name={id} value={o.value} required={item.required && !item.repeats} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A question answered by typing: text, a whole number or a date. */
function TypedQuestion(props: { item: QuestionnaireItem; i: number }) {
  const { item, i } = props;
  const id = inputId(i);
  const describedBy = hintFor(item) ? `${id}-hint` : undefined;
  const common = { id, name: id, required: item.required ?? false, 'aria-describedby': describedBy };
  return (
    <div class="field question" data-question={item.linkId} data-index={i}>
      <label for={id}>
        {item.text ?? item.linkId}
        <Required item={item} />
      </label>
      <Hint item={item} i={i} />
      <ErrorLine i={i} />
      {item.type === 'string' ? (
        <textarea {...common} rows={3} maxlength={4000}></textarea>
      ) : item.type === 'integer' ? (
        <input {...common} type="text" inputmode="numeric" autocomplete="off" class="input-short" />
      ) : (
        <input {...common} type="date" />
      )}
    </div>
  );
}

export function Question(props: { item: QuestionnaireItem; i: number }) {
  return props.item.type === 'boolean' || props.item.type === 'choice' ? <ChoiceQuestion {...props} /> : <TypedQuestion {...props} />;
}

/** What the person entered, by linkId (checked boxes and radios give their option index). */
export function readAnswers(form: HTMLFormElement, items: readonly QuestionnaireItem[]): RawAnswers {
  const data = new FormData(form);
  return new Map(items.map((item, i) => [item.linkId, data.getAll(inputId(i)).map(String)]));
}

/**
 * Show errors on their questions (aria-invalid, the message tied by aria-describedby) and in a
 * summary at the top whose links move to the question; clear the rest. Focus goes to the summary.
 */
export function showFieldErrors(form: HTMLFormElement, items: readonly QuestionnaireItem[], errors: readonly FieldError[], general: string | null): void {
  const byId = new Map(errors.map((e) => [e.linkId, e.message]));
  items.forEach((item, i) => {
    const id = inputId(i);
    const message = byId.get(item.linkId) ?? null;
    const line = form.querySelector<HTMLElement>(`#${id}-error`);
    if (line) {
      line.textContent = message ?? '';
      line.hidden = message === null;
    }
    const hintId = form.querySelector(`#${id}-hint`) ? `${id}-hint` : '';
    const describedBy = [hintId, message ? `${id}-error` : ''].filter(Boolean).join(' ');
    const question = form.querySelector<HTMLElement>(`[data-index="${i}"]`);
    question?.classList.toggle('has-error', message !== null);
    const targets = question?.tagName === 'FIELDSET' ? [question] : [form.querySelector<HTMLElement>(`#${id}`)];
    for (const t of targets) {
      if (!t) continue;
      if (describedBy) t.setAttribute('aria-describedby', describedBy);
      else t.removeAttribute('aria-describedby');
    }
    form.querySelectorAll<HTMLInputElement>(`[name="${id}"]`).forEach((input) => (message ? input.setAttribute('aria-invalid', 'true') : input.removeAttribute('aria-invalid')));
  });
  const summary = form.querySelector<HTMLElement>('[data-region="form-errors"]');
  if (!summary) return;
  const count = errors.length + (general ? 1 : 0);
  summary.hidden = count === 0;
  if (!count) return render(<></>, summary);
  render(
    <>
      <h3>{count === 1 ? 'There is a problem' : `There are ${count} problems`}</h3>
      {general ? <p>{general}</p> : null}
      {errors.length ? (
        <ul>
          {errors.map((e) => {
            const i = items.findIndex((item) => item.linkId === e.linkId);
            const text = items[i]?.text ?? e.linkId;
            return (
              <li>
                <a href={`#${inputId(i)}`} onClick={(ev: Event) => focusQuestion(ev, form, inputId(i))}>{`${text}: ${e.message}`}</a>
              </li>
            );
          })}
        </ul>
      ) : null}
    </>,
    summary,
  );
  summary.focus();
}

/** Move to the question itself, not just scroll to it, so the next key press answers it. */
function focusQuestion(ev: Event, form: HTMLFormElement, id: string): void {
  const input = form.querySelector<HTMLElement>(`#${id}`);
  if (!input) return;
  ev.preventDefault();
  input.scrollIntoView({ block: 'center' });
  input.focus();
}
