/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from '../lib/api.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { startMfaEnrolment } from '../lib/mfa-enrol.tsx';
import { onReady, pageData } from '../lib/page.ts';
import { fill, region, say } from '../lib/ui.tsx';

const STATUS = 'privacy-status';

interface Grant {
  id: string;
  proxy: { displayName: string; email: string };
  relationship: string;
  scopes: string[];
  expiresAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}
type Sharing = Record<'behavioral_health' | 'substance_use' | 'sexual_health', boolean>;
interface Session {
  id: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

const SCOPE_WORDS: Record<string, string> = { results: 'Test results', messages: 'Messages', appointments: 'Appointments', billing: 'Billing', readings: 'Home readings', medications: 'Medicines' };
const SHARING_WORDS: Record<keyof Sharing, string> = { behavioral_health: 'Mental health', substance_use: 'Alcohol and drug use', sexual_health: 'Sexual health' };

/** A browser's user-agent string in a few words ("Chrome on Linux"). */
function deviceWords(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : 'A browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iPhone or iPad' : /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'Mac' : /Linux/.test(ua) ? 'Linux' : 'another system';
  return `${browser} on ${os}`;
}

async function loadMfa(): Promise<void> {
  const r = await api<{ user: { mfaEnabled: boolean } }>('GET', '/v1/auth/session');
  fill('mfa', r, 'Two-step sign-in', (s) =>
    s.user.mfaEnabled ? (
      <p>
        <span class="badge badge-ok">On</span> You sign in with your password and a code from your authenticator app.
      </p>
    ) : (
      <>
        <p>Two-step sign-in asks for a code from an app on your phone as well as your password, so nobody can sign in with your password alone.</p>
        <button type="button" class="button" onClick={() => void startMfaEnrolment(region('mfa'), () => void loadMfa().then(() => say(STATUS, 'Two-step sign-in is on.')))}>
          Turn on two-step sign-in
        </button>
      </>
    ),
  );
}

async function loadProxies(patientId: string): Promise<void> {
  const r = await api<{ proxies: Grant[] }>('GET', `/v1/patients/${patientId}/proxies`);
  const revoke = async (g: Grant) => {
    if (!confirm(`Stop ${g.proxy.displayName}'s access to your record?`)) return;
    const d = await api('DELETE', `/v1/patients/${patientId}/proxies/${g.id}`);
    if (!d.ok) return say(STATUS, problemText(d.problem), 'error');
    say(STATUS, `${g.proxy.displayName} can no longer see your record.`);
    await loadProxies(patientId);
  };
  const grant = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const until = form.get('expires')?.toString();
    const body = { email: form.get('email')?.toString().trim(), relationship: form.get('relationship')?.toString().trim(), scopes: form.getAll('scopes').map(String), expiresAt: until ? new Date(`${until}T23:59:00`).toISOString() : undefined };
    if (!body.email || !body.relationship || !body.expiresAt) return say(STATUS, 'Please fill in the email address, who they are to you, and until when.', 'error');
    const g = await api<Grant>('POST', `/v1/patients/${patientId}/proxies`, body);
    if (!g.ok) return say(STATUS, problemText(g.problem), 'error');
    say(STATUS, `${g.data.proxy.displayName} can now see the parts of your record you chose.`);
    await loadProxies(patientId);
  };
  fill('proxies', r, 'Proxy access', (d) => (
    <>
      {d.proxies.filter((g) => g.status === 'active').length ? (
        <ul class="item-list">
          {d.proxies
            .filter((g) => g.status === 'active')
            .map((g) => (
              <li>
                <span class="item-title">{`${g.proxy.displayName} (${g.relationship})`}</span>
                <br />
                <span class="item-meta">{`Can see: ${g.scopes.map((s) => SCOPE_WORDS[s] ?? s).join(', ') || 'nothing yet'}${g.expiresAt ? ` · until ${formatDate(g.expiresAt)}` : ''}`}</span>
                <div class="item-actions">
                  <button type="button" class="button-danger" onClick={() => void revoke(g)} aria-label={`Stop access for ${g.proxy.displayName}`}>
                    Stop access
                  </button>
                </div>
              </li>
            ))}
        </ul>
      ) : (
        <p class="muted">Nobody else can see your record.</p>
      )}
      <details>
        <summary>Let someone see my record</summary>
        <form class="stack" onSubmit={grant} novalidate>
          <p class="hint">They need their own Vitals proxy account. Ask the clinic to set one up.</p>
          <div class="field">
            <label for="proxy-email">Their email address</label>
            <input id="proxy-email" name="email" type="email" autocomplete="off" />
          </div>
          <div class="field">
            <label for="proxy-relationship">Who are they to you?</label>
            <input id="proxy-relationship" name="relationship" type="text" maxlength={60} />
          </div>
          <fieldset>
            <legend>What may they see?</legend>
            {Object.entries(SCOPE_WORDS).map(([scope, label]) => (
              <label class="checkbox">
                <input type="checkbox" name="scopes" value={scope} /> {label}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="proxy-expires">Until when?</label>
            <input id="proxy-expires" name="expires" type="date" />
          </div>
          <button type="submit" class="button">
            Give access
          </button>
        </form>
      </details>
    </>
  ));
}

async function loadSharing(patientId: string): Promise<void> {
  const r = await api<{ shareWithProxies: Sharing }>('GET', `/v1/patients/${patientId}/privacy`);
  const save = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const shareWithProxies = Object.fromEntries(Object.keys(SHARING_WORDS).map((k) => [k, form.has(k)])) as Sharing;
    const s = await api('PUT', `/v1/patients/${patientId}/privacy`, { shareWithProxies });
    say(STATUS, s.ok ? 'Your sharing choices are saved.' : problemText(s.problem), s.ok ? 'ok' : 'error');
  };
  fill('sharing', r, 'Privacy settings', (p) => (
    <form class="stack" onSubmit={save} novalidate>
      <fieldset>
        <legend>Let my proxies see these sensitive parts of my record:</legend>
        {(Object.keys(SHARING_WORDS) as Array<keyof Sharing>).map((k) => (
          <label class="checkbox">
            <input type="checkbox" name={k} checked={p.shareWithProxies[k]} /> {SHARING_WORDS[k]}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="button-secondary">
        Save my choices
      </button>
    </form>
  ));
}

async function loadSessions(): Promise<void> {
  const r = await api<{ sessions: Session[] }>('GET', '/v1/auth/sessions');
  const end = async (s: Session) => {
    const d = await api('DELETE', `/v1/auth/sessions/${s.id}`);
    say(STATUS, d.ok ? 'That device is signed out.' : problemText(d.problem), d.ok ? 'ok' : 'error');
    await loadSessions();
  };
  fill('sessions', r, 'Sessions', (d) => (
    <ul class="item-list">
      {d.sessions.map((s) => (
        <li>
          <span class="item-title">{deviceWords(s.userAgent)}</span>
          {s.current ? <span class="badge badge-ok"> This device</span> : null}
          <br />
          <span class="item-meta">{`Last used ${formatDateTime(s.lastSeenAt)}`}</span>
          {s.current ? null : (
            <div class="item-actions">
              <button type="button" class="button-secondary" onClick={() => void end(s)}>
                Sign out this device
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  ));
}

onReady(async () => {
  const patientId = pageData('patientId');
  await Promise.all([loadMfa(), loadProxies(patientId), loadSharing(patientId), loadSessions()]);
});
