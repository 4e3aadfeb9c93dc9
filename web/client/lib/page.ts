/** What every page script starts with: the shared header behaviour and the ids the server gave. */
import { api } from './api.ts';

/** `data-*` attributes the server put on <main> (ids only, never values). */
export function pageData(name: string): string {
  return document.getElementById('main')?.dataset[name] ?? '';
}

/** Collapse the section menu on small screens, behind a real button with aria-expanded. */
function setUpMenu(): void {
  document.documentElement.classList.add('js');
  const nav = document.querySelector<HTMLElement>('.site-nav');
  const toggle = nav?.querySelector<HTMLButtonElement>('.menu-toggle');
  if (!nav || !toggle) return;
  toggle.addEventListener('click', () => {
    const open = !nav.classList.contains('open');
    nav.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  });
}

async function signOut(): Promise<void> {
  await api('POST', '/v1/auth/logout');
  location.assign('/signin');
}

/** Call first in every page script. */
export function startPage(): void {
  setUpMenu();
  document.querySelector('[data-action="sign-out"]')?.addEventListener('click', () => void signOut());
}

/** Run a page's start-up once the DOM is there (module scripts are deferred, so it already is). */
export function onReady(main: () => void | Promise<void>): void {
  startPage();
  void main();
}
