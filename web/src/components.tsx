import type { Child } from 'hono/jsx';

/** The page's one <h1>, a plain-language line about what the page is for, and its help page. */
export function PageHeading(props: { title: string; intro: string; help?: string }) {
  return (
    <div class="page-heading">
      <h1>{props.title}</h1>
      <p class="intro">{props.intro}</p>
      {props.help ? (
        <p class="help-link">
          <a href={`/app/help/${props.help}`}>How to use this page</a>
        </p>
      ) : null}
    </div>
  );
}

/**
 * A titled part of a page. `region` names the element the client script fills in; until it
 * does, the server's text ("Loading…", or what to do without JavaScript) is what people see.
 */
export function Panel(props: { title: string; id: string; region?: string; children?: Child; actions?: Child }) {
  return (
    <section class="panel" aria-labelledby={`${props.id}-title`}>
      <div class="panel-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.actions ?? null}
      </div>
      {props.region ? (
        <div class="region" data-region={props.region} aria-live="polite" aria-busy="true">
          <p class="muted">Loading…</p>
        </div>
      ) : null}
      {props.children ?? null}
    </section>
  );
}

/** Where the client reports what happened after an action ("Appointment booked."). */
export function StatusMessage(props: { id: string }) {
  return <p id={props.id} class="status-message" role="status" aria-live="polite"></p>;
}

/** A labelled form field; the label is always visible (placeholders are not labels). */
export function Field(props: { id: string; label: string; hint?: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}
