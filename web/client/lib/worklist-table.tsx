/** @jsxImportSource hono/jsx/dom */
import { formatDate, formatDateTime } from './format.ts';
import { ariaSort, claimState, evidenceLink, FLAG_WORDS, flagBadge, periodWords, type WorklistRow, type WorklistSort } from './worklist-model.ts';

/** What a row's buttons and note form do; the page calls the API and re-renders. */
export interface WorklistActions {
  claim(row: WorklistRow): void;
  release(row: WorklistRow): void;
  review(row: WorklistRow): void;
  note(row: WorklistRow, text: string): void;
  sort(by: WorklistSort): void;
}

const SORT_CAPTION: Record<WorklistSort, string> = { priority: 'most need first', name: 'by name', last_reading: 'oldest last reading first' };
const fullName = (r: WorklistRow) => `${r.givenName} ${r.familyName}`;

/** A column header that sorts the list through the API: a real button, the state in aria-sort. */
function SortHeader(props: { label: string; by: WorklistSort; current: WorklistSort; teamId: string; onSort: (by: WorklistSort) => void }) {
  const state = ariaSort(props.by, props.current);
  return (
    <th scope="col" aria-sort={state}>
      <button type="button" class="sort-button" data-key={`sort-${props.by}-${props.teamId}`} onClick={() => props.onSort(props.by)}>
        {props.label}
        <span class="sort-mark" aria-hidden="true">
          {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ' ↕'}
        </span>
      </button>
    </th>
  );
}

function Flags(props: { row: WorklistRow }) {
  const { row } = props;
  if (!row.flags.length) return <span class="muted">Nothing flagged</span>;
  return (
    <ul class="flag-list">
      {row.flags.map((f) => {
        const link = evidenceLink(row.patientId, f.code);
        return (
          <li data-flag={f.code}>
            <span class={`badge ${flagBadge(f.code)}`}>{FLAG_WORDS[f.code]}</span> <span class="flag-reason">{f.reason}</span>{' '}
            <a href={link.href} aria-label={`${link.text} of ${fullName(row)} (${FLAG_WORDS[f.code]})`}>
              {link.text}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function Claim(props: { row: WorklistRow; teamId: string; userId: string; actions: WorklistActions }) {
  const { row, actions } = props;
  const state = claimState(row, props.userId);
  if (state === 'other') return <span>{`Claimed by ${row.claim!.displayName ?? 'a colleague'}`}</span>;
  return state === 'mine' ? (
    <>
      <span class="badge badge-ok">Claimed by you</span>
      <br />
      <button type="button" class="button-quiet" data-key={`release-${props.teamId}-${row.patientId}`} aria-label={`Release your claim on ${fullName(row)}`} onClick={() => actions.release(row)}>
        Release
      </button>
    </>
  ) : (
    <button type="button" class="button-secondary" data-key={`claim-${props.teamId}-${row.patientId}`} aria-label={`Claim ${fullName(row)}`} onClick={() => actions.claim(row)}>
      Claim
    </button>
  );
}

function Review(props: { row: WorklistRow; teamId: string; actions: WorklistActions }) {
  const { row } = props;
  const month = periodWords(row.period);
  if (row.reviewedThisPeriod)
    return (
      <>
        <span class="badge badge-ok">{`Reviewed for ${month}`}</span>
        {row.review ? <span class="item-meta">{` ${formatDate(row.review.at)}`}</span> : null}
      </>
    );
  return (
    <button type="button" class="button-secondary" data-key={`review-${props.teamId}-${row.patientId}`} aria-label={`Mark reviewed: ${fullName(row)}, ${month}`} onClick={() => props.actions.review(row)}>
      Mark reviewed
    </button>
  );
}

function Notes(props: { row: WorklistRow; teamId: string; actions: WorklistActions }) {
  const { row } = props;
  const id = `worklist-note-${props.teamId}-${row.patientId}`;
  const submit = (e: Event) => {
    e.preventDefault();
    const text = (new FormData(e.currentTarget as HTMLFormElement).get('text') ?? '').toString().trim();
    if (text) props.actions.note(row, text);
  };
  return (
    <>
      {row.lastNote ? (
        <p class="worklist-note">
          {row.lastNote.text}
          <br />
          <span class="item-meta">{`${formatDateTime(row.lastNote.at)}${row.notes > 1 ? ` · ${row.notes} notes` : ''}`}</span>
        </p>
      ) : (
        <span class="muted">No notes</span>
      )}
      <details>
        <summary>Add a note</summary>
        <form class="stack" onSubmit={submit} novalidate>
          <div class="field">
            <label for={id}>{`Note about ${fullName(row)}`}</label>
            <textarea id={id} name="text" maxlength={4000} rows={3}></textarea>
          </div>
          <button type="submit" class="button-secondary" data-key={`note-${props.teamId}-${row.patientId}`}>
            Save note
          </button>
        </form>
      </details>
    </>
  );
}

/**
 * One care team's worklist as a table: patients as row headers, flags with their reasons and
 * evidence links, and the row actions. At 360 px the CSS stacks each row as a card (the cells
 * carry `data-label`), so nothing scrolls sideways.
 */
export function WorklistTable(props: { teamId: string; teamName: string; rows: WorklistRow[]; sort: WorklistSort; userId: string; actions: WorklistActions }) {
  const { rows, sort, actions } = props;
  if (!rows.length) return <p class="muted">No patients match. Change the filters above to see more.</p>;
  return (
    <div class="table-wrap worklist-wrap" role="region" aria-label={`${props.teamName} worklist`} tabindex={0}>
      <table class="worklist-table" data-testid="panel-table">
        <caption>{`${props.teamName}: ${rows.length} patient${rows.length === 1 ? '' : 's'}, ${SORT_CAPTION[sort]}`}</caption>
        <thead>
          <tr>
            <SortHeader label="Patient" by="name" current={sort} teamId={props.teamId} onSort={actions.sort} />
            <SortHeader label="Needs attention" by="priority" current={sort} teamId={props.teamId} onSort={actions.sort} />
            <SortHeader label="Last reading" by="last_reading" current={sort} teamId={props.teamId} onSort={actions.sort} />
            <th scope="col">Claimed</th>
            <th scope="col">Review this month</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-patient-id={r.patientId}>
              <th scope="row" data-label="Patient">
                <a href={`/app/clinic/patients/${r.patientId}`} data-key={`open-${props.teamId}-${r.patientId}`}>{`${r.familyName}, ${r.givenName}`}</a>
                <br />
                <span class="item-meta">{r.mrn}</span>
              </th>
              <td data-label="Needs attention">
                <Flags row={r} />
              </td>
              <td data-label="Last reading">{r.lastReadingDate ? formatDate(r.lastReadingDate) : 'None yet'}</td>
              <td data-label="Claimed">
                <Claim row={r} teamId={props.teamId} userId={props.userId} actions={actions} />
              </td>
              <td data-label="Review this month">
                <Review row={r} teamId={props.teamId} actions={actions} />
              </td>
              <td data-label="Notes">
                <Notes row={r} teamId={props.teamId} actions={actions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
