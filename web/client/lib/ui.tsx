/** @jsxImportSource hono/jsx/dom */
import type { Child } from 'hono/jsx';
import { render } from 'hono/jsx/dom';
import { problemText, type ApiResult } from './api.ts';

/** The element the server marked `data-region="name"`. */
export function region(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-region="${name}"]`);
  if (!el) throw new Error(`page has no region ${name}`);
  return el;
}

/** Put content into a region (replacing "Loading…") and tell assistive tech it is ready. */
export function show(name: string | HTMLElement, content: Child): void {
  const el = typeof name === 'string' ? region(name) : name;
  render(<>{content}</>, el);
  el.removeAttribute('aria-busy');
}

/** A message in a status line (`role=status`): confirmations and errors after an action. */
export function say(id: string, text: string, kind: 'ok' | 'error' = 'ok'): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.classList.toggle('is-error', kind === 'error');
  // clear first so a repeated message is announced again
  el.textContent = '';
  window.setTimeout(() => (el.textContent = text), 30);
}

/** What a region shows when its data could not be loaded. */
export function Failure(props: { result: Extract<ApiResult<unknown>, { ok: false }>; what: string }) {
  if (props.result.unavailable) return <p class="muted">{`${props.what} will be available here soon. Until then, please call the clinic.`}</p>;
  return <p class="error-summary">{problemText(props.result.problem)}</p>;
}

export function Empty(props: { children: Child }) {
  return <p class="muted">{props.children}</p>;
}

/** Load into a region: show the data with `view`, or the failure. */
export function fill<T>(name: string, result: ApiResult<T>, what: string, view: (data: T) => Child): void {
  show(name, result.ok ? view(result.data) : <Failure result={result} what={what} />);
}
