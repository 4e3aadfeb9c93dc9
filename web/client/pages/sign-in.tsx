/** @jsxImportSource hono/jsx/dom */
import { api, problemText, setCsrfToken } from '../lib/api.ts';
import { homeFor, safeNext } from '../lib/home.ts';
import { startMfaEnrolment } from '../lib/mfa-enrol.tsx';
import { onReady, pageData } from '../lib/page.ts';
import { region } from '../lib/ui.tsx';

interface SignedIn {
  csrfToken: string;
  mfaRequired?: boolean;
  mfaEnrolmentRequired?: boolean;
  user: { role: string };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function showError(text: string | null): void {
  const box = $('signin-error');
  box.textContent = text ?? '';
  box.hidden = text === null;
  if (text) box.focus();
}

function showStep(step: 'password' | 'code' | 'enrol'): void {
  $('password-step').hidden = step !== 'password';
  $('code-step').hidden = step !== 'code';
  $('enrol-step').hidden = step !== 'enrol';
  const first = step === 'password' ? 'email' : step === 'code' ? 'code' : null;
  if (first) $(first).focus();
}

function finish(role: string): void {
  location.assign(safeNext(new URLSearchParams(location.search).get('next')) ?? homeFor(role));
}

/** Send one step's request with its button disabled, so a double click sends it once. */
async function submitStep<T extends SignedIn>(form: HTMLElement, path: string, body: unknown): Promise<T | null> {
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => (b.disabled = true));
  const r = await api<T>('POST', path, body);
  buttons.forEach((b) => (b.disabled = false));
  if (!r.ok) {
    showError(r.status === 401 && path === '/v1/auth/login' ? 'That email address and password do not match. Please check them and try again.' : problemText(r.problem));
    return null;
  }
  showError(null);
  setCsrfToken(r.data.csrfToken);
  return r.data;
}

onReady(() => {
  showStep(pageData('startStep') === 'code' ? 'code' : 'password');
  $<HTMLFormElement>('password-step').addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = $<HTMLInputElement>('email').value.trim();
    const password = $<HTMLInputElement>('password').value;
    if (!email || !password) return showError('Please type your email address and your password.');
    const r = await submitStep(e.currentTarget as HTMLFormElement, '/v1/auth/login', { email, password });
    if (!r) return;
    if (r.mfaRequired) return showStep('code');
    if (r.mfaEnrolmentRequired) {
      showStep('enrol');
      return startMfaEnrolment(region('enrol'), (user) => finish(user.role));
    }
    finish(r.user.role);
  });
  $<HTMLFormElement>('code-step').addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = $<HTMLInputElement>('code').value.replace(/\s/g, '');
    if (!/^\d{6,8}$/.test(code)) return showError('Please type the 6 numbers your authenticator app shows.');
    const r = await submitStep(e.currentTarget as HTMLFormElement, '/v1/auth/mfa/verify', { code });
    if (r) finish(r.user.role);
  });
  document.querySelector('[data-action="use-recovery"]')?.addEventListener('click', async () => {
    const code = $<HTMLInputElement>('recovery-code').value.trim();
    if (!code) return showError('Please type one of your recovery codes.');
    const r = await submitStep($('code-step'), '/v1/auth/mfa/recovery', { code });
    if (r) finish(r.user.role);
  });
});
