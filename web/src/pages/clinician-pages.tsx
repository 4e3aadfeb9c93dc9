import { Field, PageHeading, Panel, StatusMessage } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { Child } from 'hono/jsx';
import type { PageDef, PageProps } from './page.ts';
import { BpCharts, GlucoseCharts } from './patient-pages.tsx';
import { FLAG_WORDS, WORKLIST_FLAG_CODES } from '../../client/lib/worklist-model.ts';

/** A clinician section: the layout, its heading and intro, then the section's own parts. */
function Section(props: PageProps & { title: string; intro: string; help?: string; script: string; children?: Child }) {
  return (
    <Layout title={props.title} path={props.path} session={props.session} script={props.script}>
      <PageHeading title={props.title} intro={props.intro} {...(props.help ? { help: props.help } : {})} />
      {props.children}
    </Layout>
  );
}

const panel: PageDef = {
  path: '/app/clinic',
  audience: 'clinician',
  render: (p) => (
    <Section {...p} title="My patients" intro="Your care teams’ patients, those who need attention first at the top." help="clinician-panel" script="clinic-panel">
      <StatusMessage id="panel-status" />
      <section class="panel" aria-labelledby="panel-title">
        <div class="panel-head">
          <h2 id="panel-title">Patients by need</h2>
        </div>
        {/* shown by the script once it knows the caller's teams */}
        <form class="inline-form" data-region="worklist-filter" aria-label="Filter the patients" novalidate hidden>
          <Field id="worklist-flag" label="Needs attention for">
            <select id="worklist-flag" name="flag">
              <option value="">Anything or nothing</option>
              {WORKLIST_FLAG_CODES.map((c) => (
                <option value={c}>{FLAG_WORDS[c]}</option>
              ))}
            </select>
          </Field>
          <Field id="worklist-claimed" label="Claimed">
            <select id="worklist-claimed" name="claimed">
              <option value="">By anyone or no one</option>
              <option value="me">By me</option>
              <option value="others">By a colleague</option>
              <option value="unclaimed">Not claimed</option>
            </select>
          </Field>
          <Field id="worklist-reviewed" label="Reviewed this month">
            <select id="worklist-reviewed" name="reviewed">
              <option value="">Either</option>
              <option value="false">Not yet</option>
              <option value="true">Yes</option>
            </select>
          </Field>
        </form>
        <div class="region" data-region="panel" aria-busy="true">
          <p class="muted">Loading…</p>
        </div>
      </section>
    </Section>
  ),
};

const alerts: PageDef = {
  path: '/app/clinic/alerts',
  audience: 'clinician',
  render: (p) => (
    <Section {...p} title="Alerts" intro="Open alerts on your patients’ readings, most severe first." help="clinician-alerts" script="clinic-alerts">
      <form class="inline-form" data-region="alert-filter" novalidate>
        <Field id="alert-state" label="Show">
          <select id="alert-state" name="state">
            <option value="open,acknowledged,snoozed">Not yet resolved</option>
            <option value="open">Open only</option>
            <option value="resolved">Resolved</option>
          </select>
        </Field>
      </form>
      <p class="live-note" data-region="live-status" role="status" aria-live="polite"></p>
      <StatusMessage id="alert-status" />
      <Panel title="Inbox" id="alert-inbox" region="alerts" />
    </Section>
  ),
};

const patient: PageDef = {
  path: '/app/clinic/patients/:patientId',
  audience: 'clinician',
  render: (p) => (
    <Layout title="Patient" path={p.path} session={p.session} script="clinic-patient" styles={['/assets/uplot.css']} data={{ 'patient-id': p.params.patientId ?? '' }}>
      <p class="back-link">
        <a href="/app/clinic">Back to my patients</a>
      </p>
      <div data-region="patient-heading">
        <h1>Patient</h1>
      </div>
      <StatusMessage id="alert-status" />
      <Panel title="Alerts" id="patient-alerts" region="alerts" />
      <Panel title="Reading days (remote monitoring)" id="patient-compliance" region="compliance" />
      <h2 class="section-title">Blood sugar</h2>
      <GlucoseCharts />
      <h2 class="section-title">Blood pressure</h2>
      <BpCharts />
    </Layout>
  ),
};

const inbox: PageDef = {
  path: '/app/clinic/messages',
  audience: 'clinician',
  render: (p) => (
    <Section {...p} title="Messages" intro="Messages from your patients." script="clinic-messages">
      <StatusMessage id="message-status" />
      <div class="two-column">
        <Panel title="Conversations" id="threads" region="threads" />
        <section class="panel" aria-labelledby="thread-title" data-region="thread-view">
          <h2 id="thread-title">Message</h2>
          <p class="muted">Choose a conversation to read it.</p>
        </section>
      </div>
    </Section>
  ),
};

export const CLINICIAN_PAGES: PageDef[] = [panel, alerts, patient, inbox];
