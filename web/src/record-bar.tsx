import { possessive, RECORD_PARAM, SELF, type RecordChoice } from './acting-record.ts';
import type { Viewer } from './viewer.ts';

/**
 * The proxy's record switcher, plain GET forms (no script needed; the server remembers the
 * choice for the session). The form carries only an opaque patient id, never a name.
 */

/** Where switching from `path` goes: the same section, but never a single item of the last record. */
function switchTarget(path: string): string {
  return path.split('/').slice(0, 3).join('/') || '/app';
}

/** At the top of <main> while someone else's record is shown: whose it is, switch, and back. */
export function RecordBar(props: { viewer: Viewer; path: string }) {
  const { acting, records } = props.viewer;
  if (!acting || acting.self) return null;
  const others = records.filter((r) => !r.self);
  const hasOwn = records.some((r) => r.self);
  return (
    <section class="record-bar" aria-labelledby="record-bar-title">
      <p id="record-bar-title" class="record-banner">
        <strong>{`You are viewing ${possessive(acting.name)} record.`}</strong>
        {acting.relationship ? ` You have access as: ${acting.relationship}. The menu shows what is shared with you.` : null}
      </p>
      <div class="record-actions">
        {others.length > 1 ? (
          <form class="record-switcher" method="get" action={switchTarget(props.path)}>
            <label for="record-choice">Switch to</label>
            <select id="record-choice" name={RECORD_PARAM}>
              {others.map((r) => (
                <option value={r.patientId} selected={r.patientId === acting.patientId}>
                  {r.relationship ? `${r.name} (${r.relationship})` : r.name}
                </option>
              ))}
            </select>
            <button type="submit" class="button-secondary">
              Switch
            </button>
          </form>
        ) : null}
        <form method="get" action="/app">
          <input type="hidden" name={RECORD_PARAM} value={SELF} />
          <button type="submit" class="button-secondary">
            {hasOwn ? 'Back to my own record' : 'Back to my own account'}
          </button>
        </form>
      </div>
    </section>
  );
}

/** For a proxy who has not chosen yet: one button per person who gave them access. */
export function RecordChooser(props: { records: RecordChoice[]; path: string }) {
  const others = props.records.filter((r) => !r.self);
  return (
    <>
      <div class="page-heading">
        <h1>Whose record do you want to see?</h1>
        <p class="intro">You can look after the record of each person who gave you access. You can switch at any time.</p>
      </div>
      {others.length ? (
        <ul class="item-list record-choices">
          {others.map((r) => (
            <li>
              <form method="get" action={switchTarget(props.path)}>
                <input type="hidden" name={RECORD_PARAM} value={r.patientId} />
                <button type="submit" class="button">
                  {`View ${possessive(r.name)} record`}
                </button>
                {r.relationship ? <span class="item-meta">{` You have access as: ${r.relationship}.`}</span> : null}
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="notice">No one has given you access to their record yet. When a patient adds you as their proxy, their record appears here.</p>
      )}
    </>
  );
}

/** Instead of a section the record's owner has not shared: say so, with no actions to try. */
export function NotShared(props: { record: RecordChoice; title: string; privacy: boolean }) {
  return (
    <>
      <div class="page-heading">
        <h1>{props.title}</h1>
      </div>
      <p class="notice">
        {props.privacy ? `Only ${props.record.name} can see and change these settings.` : `${props.record.name} has not shared this part of their record with you.`}
      </p>
      <p>
        <a href="/app">Go to the home page</a>
      </p>
    </>
  );
}
