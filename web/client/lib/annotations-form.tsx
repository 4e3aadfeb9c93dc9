/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from './api.ts';
import { formatDateTime } from './format.ts';
import { say, show } from './ui.tsx';

/** A reading the person can pick, newest first. */
export interface PickableReading {
  readingId: string;
  measuredAt: string;
  /** The value in words, e.g. "142 mg/dL". */
  value: string;
}

const MEALS = [
  ['breakfast', 'Breakfast'],
  ['lunch', 'Lunch'],
  ['dinner', 'Dinner'],
  ['snack', 'Snack'],
] as const;

/** The request body for the kind chosen, or an error sentence when something needed is missing. */
export function annotationBody(f: { readingId: string; kind: string; meal: string; timing: string; what: string; note: string }): { body: Record<string, unknown> } | { error: string } {
  if (!f.readingId) return { error: 'Choose the reading the note is about.' };
  const note = f.note.trim() ? { note: f.note.trim() } : {};
  const what = f.what.trim();
  switch (f.kind) {
    case 'meal':
      return { body: { readingId: f.readingId, detail: { kind: 'meal', meal: f.meal, ...(f.timing ? { timing: f.timing } : {}) }, ...note } };
    case 'symptom':
      return what ? { body: { readingId: f.readingId, detail: { kind: 'symptom', symptom: what }, ...note } } : { error: 'Say how you felt.' };
    case 'medication':
      return what ? { body: { readingId: f.readingId, detail: { kind: 'medication', name: what }, ...note } } : { error: 'Write the name of the medicine.' };
    default:
      return { error: 'Choose what the note is about.' };
  }
}

/**
 * "Add a note to a reading" for the patient's chart pages: pick the reading by its time, say what
 * it was (meal, symptom, medicine) and an optional note; the chart then shows the marker.
 */
export function mountAnnotationForm(after: HTMLElement, opts: { patientId: string; id: string; readings: () => Promise<PickableReading[]>; onAdded: () => Promise<void> }): void {
  const section = document.createElement('section');
  section.className = 'panel';
  section.setAttribute('aria-labelledby', `${opts.id}-title`);
  after.after(section);
  const status = `${opts.id}-status`;
  const f = (name: string) => `${opts.id}-${name}`;

  const render = async () => {
    const readings = await opts.readings();
    const showFields = (kind: string) => {
      section.querySelectorAll<HTMLElement>('[data-part="meal"]').forEach((el) => (el.hidden = kind !== 'meal'));
      section.querySelector<HTMLElement>('[data-part="what"]')!.hidden = kind === 'meal';
      section.querySelector<HTMLLabelElement>(`label[for="${f('what')}"]`)!.textContent = kind === 'symptom' ? 'How you felt' : 'Medicine name';
    };
    const submit = async (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const data = new FormData(form);
      const value = (k: string) => (data.get(k) ?? '').toString();
      const made = annotationBody({ readingId: value('readingId'), kind: value('kind'), meal: value('meal'), timing: value('timing'), what: value('what'), note: value('note') });
      if ('error' in made) return say(status, made.error, 'error');
      const r = await api('POST', `/v1/patients/${opts.patientId}/annotations`, made.body);
      if (!r.ok) return say(status, problemText(r.problem), 'error');
      form.reset();
      showFields('meal');
      await opts.onAdded();
      say(status, 'Note added. It shows on the chart and in the list under it.');
    };
    show(
      section,
      <>
        <h2 id={`${opts.id}-title`}>Add a note to a reading</h2>
        <p class="intro">Notes help you and your care team understand a reading: what you ate, how you felt, a medicine you took.</p>
        <p id={status} class="status-message" role="status" aria-live="polite"></p>
        {readings.length ? (
          <form class="inline-form annotation-form" onSubmit={(e: Event) => void submit(e)} novalidate>
            <div class="field">
              <label for={f('reading')}>Reading</label>
              <select id={f('reading')} name="readingId">
                {readings.slice(0, 40).map((r) => (
                  <option value={r.readingId}>{`${formatDateTime(r.measuredAt)} – ${r.value}`}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={f('kind')}>About</label>
              <select id={f('kind')} name="kind" onChange={(e: Event) => showFields((e.currentTarget as HTMLSelectElement).value)}>
                <option value="meal">A meal</option>
                <option value="symptom">How I felt</option>
                <option value="medication">A medicine I took</option>
              </select>
            </div>
            <div class="field" data-part="meal">
              <label for={f('meal')}>Which meal</label>
              <select id={f('meal')} name="meal">
                {MEALS.map(([v, words]) => (
                  <option value={v}>{words}</option>
                ))}
              </select>
            </div>
            <div class="field" data-part="meal">
              <label for={f('timing')}>Reading taken</label>
              <select id={f('timing')} name="timing">
                <option value="before">Before eating</option>
                <option value="after">After eating</option>
                <option value="fasting">Fasting</option>
              </select>
            </div>
            <div class="field" data-part="what" hidden>
              <label for={f('what')}>How you felt</label>
              <input id={f('what')} name="what" type="text" maxlength={200} />
            </div>
            <div class="field">
              <label for={f('note')}>Note (optional)</label>
              <input id={f('note')} name="note" type="text" maxlength={1000} />
            </div>
            <button type="submit" class="button">
              Add note
            </button>
          </form>
        ) : (
          <p class="muted">Once you have readings, you can add a note to one here.</p>
        )}
      </>,
    );
  };
  void render();
}
