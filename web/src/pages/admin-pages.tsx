import { PageHeading, Panel, StatusMessage } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageDef } from './page.ts';

/** The operators' queue board: counts per state for every job queue, then one state's jobs. */
const queues: PageDef = {
  path: '/app/admin/queues',
  audience: 'admin',
  render: (p) => (
    <Layout title="Job queues" path={p.path} session={p.session} script="queue-board">
      <PageHeading title="Job queues" intro="The background work of Vitals: alert checks, escalations, reminders and deliveries. Jobs show ids and times only, never their contents." />
      <StatusMessage id="queue-status" />
      <Panel title="Queues" id="queues" region="queues" />
      <Panel title="Jobs" id="jobs">
        <div class="region" data-region="jobs" aria-live="polite">
          <p class="muted">Choose a number in the table above to see those jobs.</p>
        </div>
      </Panel>
    </Layout>
  ),
};

export const ADMIN_PAGES: PageDef[] = [queues];
