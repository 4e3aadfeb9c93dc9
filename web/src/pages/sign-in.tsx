import { Field, StatusMessage } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageSession } from '../viewer.ts';

/**
 * Sign-in in up to three steps on one page: password; then the authenticator code (or a recovery
 * code); or, for staff without a second factor yet, setting one up. The client script shows the
 * right step; a half-signed-in session reloading the page starts at the code step.
 */
export function SignInPage(props: { session: PageSession; path: string }) {
  const start = props.session.mfaPending ? 'code' : 'password';
  return (
    <Layout title="Sign in" path={props.path} session={props.session} script="sign-in" data={{ 'start-step': start }}>
      <div class="narrow">
        <h1>Sign in</h1>
        <p class="intro">See your appointments, messages, test results and home readings.</p>
        <div id="signin-error" class="error-summary" role="alert" tabindex={-1} hidden></div>

        <form id="password-step" class="stack" novalidate hidden={start !== 'password'}>
          <Field id="email" label="Email address">
            <input id="email" name="email" type="email" autocomplete="username" required />
          </Field>
          <Field id="password" label="Password">
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </Field>
          <button type="submit" class="button">
            Sign in
          </button>
        </form>

        <form id="code-step" class="stack" novalidate hidden={start !== 'code'}>
          <h2>Enter your code</h2>
          <Field id="code" label="6-digit code from your authenticator app" hint="Open the app on your phone and type the numbers shown for Vitals.">
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength={8} aria-describedby="code-hint" required />
          </Field>
          <button type="submit" class="button">
            Continue
          </button>
          <details class="recovery">
            <summary>Lost your phone? Use a recovery code</summary>
            <Field id="recovery-code" label="Recovery code">
              <input id="recovery-code" name="recovery" type="text" autocomplete="off" />
            </Field>
            <button type="button" class="button-secondary" data-action="use-recovery">
              Sign in with recovery code
            </button>
          </details>
        </form>

        <section id="enrol-step" class="stack" aria-labelledby="enrol-title" hidden>
          <h2 id="enrol-title">Set up two-step sign-in</h2>
          <p>Your role needs a code from an authenticator app as well as your password.</p>
          <div data-region="enrol"></div>
        </section>

        <StatusMessage id="signin-status" />
        <p class="muted">
          New here? Your clinic gives you an activation letter to create your account. <a href="/app/help/signing-in">Help with signing in</a>
        </p>
      </div>
    </Layout>
  );
}
