import type { Child } from 'hono/jsx';
import { Field, PageHeading, Panel, StatusMessage } from '../components.tsx';
import { recordAllows, scopeForPath, whose, type Whose } from '../acting-record.ts';
import type { PatientScope } from '../../../api/src/policy/patient-access.ts';
import { Layout } from '../layout.tsx';
import { NotShared, RecordChooser } from '../record-bar.tsx';
import type { PageDef, PageProps } from './page.ts';

const UPLOT_CSS = '/assets/uplot.css';

/**
 * The layout of a patient page: the record's id goes to the script, never any value. A proxy
 * who has not chosen a record gets the chooser; a section the record's owner did not share with
 * them says so and loads no script, so none of its actions are offered.
 */
function PatientLayout(props: PageProps & { title: string; script: string; chart?: boolean; children?: Child }) {
  const viewer = props.session.viewer;
  const acting = viewer?.acting ?? null;
  if (!acting) {
    return (
      <Layout title={props.title} path={props.path} session={props.session}>
        <RecordChooser records={viewer?.records ?? []} path={props.path} />
      </Layout>
    );
  }
  const scope = scopeForPath(props.path);
  if (!recordAllows(acting, scope)) {
    return (
      <Layout title={props.title} path={props.path} session={props.session}>
        <NotShared record={acting} title={props.title} privacy={scope === 'privacy'} />
      </Layout>
    );
  }
  return (
    <Layout title={props.title} path={props.path} session={props.session} script={props.script} styles={props.chart ? [UPLOT_CSS] : []} data={{ 'patient-id': acting.patientId }}>
      {props.children}
    </Layout>
  );
}

/** Whose record the page shows, in words for its intro ("your", or the proxy's "Lena Schmidt's"). */
const wordsFor = (p: PageProps): Whose => whose(p.session.viewer?.acting ?? null);

/** Whether the record shown opens a part of it: the home page leaves out panels a proxy cannot see. */
const opens = (p: PageProps, scope: PatientScope): boolean => {
  const acting = p.session.viewer?.acting;
  return acting ? recordAllows(acting, scope) : false;
};

const HOME_PANELS: Array<{ scope: PatientScope; title: string; id: string; region: string; link?: { href: string; text: string } }> = [
  { scope: 'appointments', title: 'Upcoming appointments', id: 'next-appointments', region: 'appointments', link: { href: '/app/appointments', text: 'All appointments' } },
  { scope: 'messages', title: 'Messages', id: 'unread-messages', region: 'messages', link: { href: '/app/messages', text: 'Open messages' } },
  { scope: 'results', title: 'Latest test results', id: 'latest-results', region: 'results', link: { href: '/app/results', text: 'All results' } },
  // live: the page opens the readings stream only when this panel is here
  { scope: 'readings', title: 'Latest home readings', id: 'latest-readings', region: 'readings' },
];

const dashboard: PageDef = {
  path: '/app',
  audience: 'patient',
  render: (p) => {
    const w = wordsFor(p);
    const panels = HOME_PANELS.filter((panel) => opens(p, panel.scope));
    return (
      <PatientLayout {...p} title="Home" script="dashboard">
        <PageHeading title={`Hello, ${p.session.viewer?.displayName.split(' ')[0] ?? ''}`} intro={w.self ? 'Here is what is coming up and what is new.' : `Here is what is coming up and what is new in ${w.your} record.`} />
        <aside class="guide-banner" data-region="guide-banner" aria-labelledby="guide-title" hidden>
          <h2 id="guide-title">New to Vitals?</h2>
          <p>Take two minutes to see what you can do here.</p>
          <p class="button-row">
            <a class="button" href="/app/welcome">
              Show me around
            </a>
            <button type="button" class="button-secondary" data-action="dismiss-guide">
              No thanks
            </button>
          </p>
        </aside>
        {panels.length ? (
          <div class="card-grid">
            {panels.map((panel) => (
              <Panel title={panel.title} id={panel.id} region={panel.region} actions={panel.link ? <a href={panel.link.href}>{panel.link.text}</a> : undefined} />
            ))}
          </div>
        ) : (
          <p>{`Use the menu to open the parts of ${w.your} record shared with you.`}</p>
        )}
      </PatientLayout>
    );
  },
};

const welcome: PageDef = {
  path: '/app/welcome',
  audience: 'signed-in',
  render: (p) => (
    <Layout title="Welcome" path={p.path} session={p.session} script="welcome">
      <PageHeading title="Welcome to Vitals" intro="A short guide to the portal. It takes about two minutes." />
      <ol class="guide-steps">
        <li>
          <h2>Find your way</h2>
          <p>The Menu lists every section. On a phone, choose "Menu" at the top to open it.</p>
        </li>
        <li>
          <h2>Your home readings</h2>
          <p>Your meter and blood-pressure cuff send readings by themselves. See them under "Blood sugar" and "Blood pressure".</p>
        </li>
        <li>
          <h2>Talk to your care team</h2>
          <p>Use "Messages" for questions that are not urgent. In an emergency call 911.</p>
        </li>
        <li>
          <h2>Visits and results</h2>
          <p>Book or change a visit under "Appointments". Your lab results appear under "Test results" with the usual range beside them.</p>
        </li>
        <li>
          <h2>Stay safe</h2>
          <p>Turn on two-step sign-in under "Sharing and security", and see who looked at your record under "Who viewed my record".</p>
        </li>
      </ol>
      <p class="button-row">
        <a class="button" href="/app" data-action="finish-guide">
          Go to my home page
        </a>
        <a href="/app/help">More help</a>
      </p>
    </Layout>
  ),
};

const appointments: PageDef = {
  path: '/app/appointments',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Appointments" script="appointments">
      <PageHeading title="Appointments" intro={`${wordsFor(p).Your} visits with the clinic. Book, change or cancel a visit here.`} help="appointments" />
      <StatusMessage id="appointment-status" />
      <Panel title={`${wordsFor(p).Your} visits`} id="visits" region="appointments" />
      <Panel title="Book a visit" id="book">
        <form id="find-slots" class="inline-form" novalidate>
          <Field id="visit-type" label="Kind of visit">
            <select id="visit-type" name="type" data-region="visit-types">
              <option value="">Any</option>
            </select>
          </Field>
          <Field id="visit-date" label="From which day?">
            <input id="visit-date" name="from" type="date" required />
          </Field>
          <button type="submit" class="button">
            Find times
          </button>
        </form>
        <div data-region="slots" aria-live="polite"></div>
      </Panel>
    </PatientLayout>
  ),
};

const messages: PageDef = {
  path: '/app/messages',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Messages" script="messages">
      <PageHeading title="Messages" intro={`Write to ${wordsFor(p).your} care team about questions that are not urgent.`} help="messages" />
      <p class="notice">Not for emergencies. If you feel very unwell, call 911.</p>
      <StatusMessage id="message-status" />
      <div class="two-column">
        <Panel title="Conversations" id="threads" region="threads" actions={<button type="button" class="button" data-action="new-message">New message</button>} />
        <section class="panel" aria-labelledby="thread-title" data-region="thread-view">
          <h2 id="thread-title">Message</h2>
          <p class="muted">Choose a conversation to read it.</p>
        </section>
      </div>
      <dialog id="compose" aria-labelledby="compose-title">
        <form id="compose-form" class="stack" method="dialog" novalidate>
          <h2 id="compose-title">New message</h2>
          <p class="notice" data-region="emergency-notice">
            If this is an emergency, call 911.
          </p>
          <Field id="compose-topic" label="What is it about?">
            <select id="compose-topic" name="topic" data-region="topics" required>
              <option value="medical_question">Medical question</option>
            </select>
          </Field>
          <Field id="compose-subject" label="Subject">
            <input id="compose-subject" name="subject" type="text" maxlength={200} required />
          </Field>
          <Field id="compose-body" label="Your message">
            <textarea id="compose-body" name="body" rows={6} maxlength={10000} required></textarea>
          </Field>
          <p class="button-row">
            <button type="submit" class="button" value="send">
              Send
            </button>
            <button type="button" class="button-secondary" data-action="close-compose">
              Cancel
            </button>
          </p>
        </form>
      </dialog>
    </PatientLayout>
  ),
};

const results: PageDef = {
  path: '/app/results',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Test results" script="results">
      <PageHeading title="Test results" intro={`${wordsFor(p).Your} lab results with the usual range for each test.`} help="results" />
      <Panel title="Results" id="results" region="results" />
    </PatientLayout>
  ),
};

const resultDetail: PageDef = {
  path: '/app/results/:resultId',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Test result" script="result-detail" chart>
      <p class="back-link">
        <a href="/app/results">Back to all results</a>
      </p>
      <div data-region="result" data-result-id={p.params.resultId} aria-live="polite">
        <h1>Test result</h1>
        <p class="muted">Loading…</p>
      </div>
      <Panel title="Earlier results for this test" id="result-trend">
        <div class="chart" data-region="result-chart" aria-busy="true"></div>
      </Panel>
    </PatientLayout>
  ),
};

/** Words that depend on whose record is shown (see `whose`). */
type Worded = (w: Whose) => string;

/** A section whose whole content comes from one API list (summary, medicines, billing, access log). */
function listPage(path: string, title: string, intro: Worded, help: string, script: string, panels: Array<{ title: string | Worded; id: string }>): PageDef {
  return {
    path,
    audience: 'patient',
    render: (p) => {
      const w = wordsFor(p);
      return (
        <PatientLayout {...p} title={title} script={script}>
          <PageHeading title={title} intro={intro(w)} help={help} />
          <StatusMessage id="page-status" />
          {panels.map((panel) => (
            <Panel title={typeof panel.title === 'string' ? panel.title : panel.title(w)} id={panel.id} region={panel.id} />
          ))}
        </PatientLayout>
      );
    },
  };
}

const summary = listPage('/app/summary', 'Health summary', (w) => `A short overview of ${w.your} health record.`, 'summary', 'summary', [
  { title: 'Conditions', id: 'conditions' },
  { title: 'Allergies', id: 'allergies' },
  { title: 'Vaccinations', id: 'immunizations' },
  { title: (w) => `${w.Your} devices`, id: 'devices' },
]);
const medications = listPage('/app/medications', 'Medicines', (w) => `The medicines on ${w.your} record. Ask for a refill here.`, 'medications', 'medications', [{ title: (w) => `${w.Your} medicines`, id: 'medications' }]);
const billing = listPage('/app/billing', 'Billing', (w) => (w.self ? 'Your statements, what you owe and how to pay.' : `${w.Your} statements, what is owed and how to pay.`), 'billing', 'billing', [
  { title: 'Balance', id: 'balance' },
  { title: 'Statements', id: 'statements' },
]);
/** Questionnaires to fill in (the form opens in place), consents to sign, and what was sent. */
const forms: PageDef = {
  path: '/app/forms',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Forms" script="forms">
      <PageHeading title="Forms" intro={`Questionnaires and consent forms from ${wordsFor(p).your} care team. Fill them in and sign them here.`} help="forms" />
      <StatusMessage id="page-status" />
      <Panel title="Forms to fill in" id="forms" region="forms" />
      <section class="panel" aria-labelledby="fill-title" data-region="form-fill" hidden></section>
      <Panel title="Consent forms" id="consents" region="consents" />
      <Panel title="Forms you have sent" id="answered" region="answered" />
    </PatientLayout>
  ),
};
// the patient's alone: a proxy gets the "only Lena Schmidt can see…" notice instead
const accessLog = listPage('/app/access-log', 'Who viewed my record', () => 'Everyone who opened your record, newest first.', 'access-log', 'access-log', [{ title: 'Record views', id: 'access-log' }]);

const privacy: PageDef = {
  path: '/app/privacy',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Sharing and security" script="privacy">
      <PageHeading title="Sharing and security" intro="Choose who can see your record for you, and keep your account safe." help="privacy" />
      <StatusMessage id="privacy-status" />
      <Panel title="Two-step sign-in" id="mfa" region="mfa" />
      <Panel title="People who can see my record (proxies)" id="proxies" region="proxies" />
      <Panel title="Sensitive information" id="sharing" region="sharing" />
      <Panel title="Where I am signed in" id="sessions" region="sessions" />
    </PatientLayout>
  ),
};

const glucose: PageDef = {
  path: '/app/glucose',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Blood sugar" script="glucose" chart>
      <PageHeading title="Blood sugar" intro={wordsFor(p).self ? 'Your glucose readings and how much time you spent in your target range.' : `${wordsFor(p).Your} glucose readings and how much time was spent in the target range.`} help="glucose" />
      <GlucoseCharts />
    </PatientLayout>
  ),
};

const bloodPressure: PageDef = {
  path: '/app/blood-pressure',
  audience: 'patient',
  render: (p) => (
    <PatientLayout {...p} title="Blood pressure" script="blood-pressure" chart>
      <PageHeading title="Blood pressure" intro={`${wordsFor(p).Your} home blood-pressure readings with ${wordsFor(p).self ? 'your' : 'the'} target range shaded.`} help="blood-pressure" />
      <BpCharts />
    </PatientLayout>
  ),
};

/** The glucose report panels; also part of the clinician's patient view. */
export function GlucoseCharts() {
  return (
    <div class="charts" data-charts="glucose">
      <form class="inline-form period-picker" data-region="glucose-period" novalidate>
        <Field id="glucose-days" label="Period">
          <select id="glucose-days" name="days">
            <option value="7">Last 7 days</option>
            <option value="14" selected>
              Last 14 days
            </option>
            <option value="30">Last 30 days</option>
          </select>
        </Field>
      </form>
      <p class="live-note" data-region="live-status" role="status" aria-live="polite"></p>
      <Panel title="Latest reading" id="glucose-latest" region="glucose-latest" />
      <Panel title="Time in range" id="glucose-tir" region="glucose-tir" />
      <Panel title="Each day on top of each other" id="glucose-overlay">
        <div class="chart" data-region="glucose-overlay-chart" aria-busy="true"></div>
      </Panel>
      <Panel title="Your typical day (glucose profile)" id="glucose-agp">
        <div class="chart" data-region="glucose-agp-chart" aria-busy="true"></div>
      </Panel>
      <Panel title="Summary numbers" id="glucose-stats" region="glucose-stats" />
    </div>
  );
}

/** The blood-pressure panels; also part of the clinician's patient view. */
export function BpCharts() {
  return (
    <div class="charts" data-charts="blood-pressure">
      <Panel title="Readings over time" id="bp-trend">
        <div class="chart" data-region="bp-chart" aria-busy="true"></div>
      </Panel>
      <Panel title="Averages" id="bp-averages" region="bp-averages" />
    </div>
  );
}

export const PATIENT_PAGES: PageDef[] = [dashboard, welcome, appointments, messages, results, resultDetail, summary, medications, billing, forms, privacy, accessLog, glucose, bloodPressure];
