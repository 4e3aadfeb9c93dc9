/** @jsxImportSource hono/jsx/dom */
import QRCode from 'qrcode';
import { api, problemText, setCsrfToken } from './api.ts';
import { show } from './ui.tsx';

interface EnrolStart {
  secret: string;
  otpauthUri: string;
}
interface EnrolDone {
  recoveryCodes: string[];
  csrfToken: string | null;
  user: { role: string };
}

/**
 * Setting up an authenticator app: a QR code and the same secret as text (for people who cannot
 * scan, and for screen-reader users), then the first code, then the recovery codes — shown once.
 *
 * @param onDone - called after the person confirms they saved their recovery codes
 */
export async function startMfaEnrolment(target: HTMLElement, onDone: (user: EnrolDone['user']) => void): Promise<void> {
  const started = await api<EnrolStart>('POST', '/v1/auth/mfa/enrol');
  if (!started.ok) return show(target, <p class="error-summary">{problemText(started.problem)}</p>);
  const qr = await QRCode.toDataURL(started.data.otpauthUri, { margin: 1, width: 192 });
  const confirm = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const code = (new FormData(form).get('code') ?? '').toString().replace(/\s/g, '');
    const done = await api<EnrolDone>('POST', '/v1/auth/mfa/enrol/confirm', { code });
    if (!done.ok) {
      const error = form.querySelector<HTMLElement>('[data-error]')!;
      error.textContent = problemText(done.problem);
      error.hidden = false;
      form.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    if (done.data.csrfToken) setCsrfToken(done.data.csrfToken);
    showRecoveryCodes(target, done.data, onDone);
  };
  show(
    target,
    <div class="stack">
      <ol>
        <li>Install an authenticator app on your phone (for example Google Authenticator or Microsoft Authenticator).</li>
        <li>In the app, add an account and scan this picture.</li>
      </ol>
      <img class="qr" src={qr} alt="QR code to scan with your authenticator app" />
      <p>Cannot scan? Type this key into the app instead:</p>
      <p class="secret" data-testid="totp-secret">
        {started.data.secret}
      </p>
      <form class="stack" onSubmit={confirm} novalidate>
        <div class="field">
          <label for="enrol-code">Type the 6-digit code the app shows</label>
          <input id="enrol-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength={8} required />
        </div>
        <p class="error-summary" data-error role="alert" hidden></p>
        <button type="submit" class="button">
          Turn on two-step sign-in
        </button>
      </form>
    </div>,
  );
  target.querySelector<HTMLInputElement>('#enrol-code')?.focus();
}

function showRecoveryCodes(target: HTMLElement, done: EnrolDone, onDone: (user: EnrolDone['user']) => void): void {
  show(
    target,
    <div class="stack">
      <p class="status-message" role="status">
        Two-step sign-in is on.
      </p>
      <h3 tabindex={-1} id="recovery-title">
        Save your recovery codes
      </h3>
      <p>If you lose your phone, each of these codes lets you sign in once. Print them or write them down and keep them somewhere safe. We will not show them again.</p>
      <ul class="code-list" aria-labelledby="recovery-title">
        {done.recoveryCodes.map((c) => (
          <li>{c}</li>
        ))}
      </ul>
      <button type="button" class="button" onClick={() => onDone(done.user)}>
        I have saved my codes
      </button>
    </div>,
  );
  target.querySelector<HTMLElement>('#recovery-title')?.focus();
}
