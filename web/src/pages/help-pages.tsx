import { HELP_TOPICS } from '../help-topics.ts';
import { Layout } from '../layout.tsx';
import type { PageDef } from './page.ts';

const index: PageDef = {
  path: '/app/help',
  audience: 'anyone',
  render: (p) => (
    <Layout title="Help" path={p.path} session={p.session} script="help">
      <h1>Help</h1>
      <p class="intro">Short guides to each part of Vitals. For questions about your health, message your care team or call the clinic.</p>
      <ul class="link-list">
        {Object.entries(HELP_TOPICS).map(([slug, t]) => (
          <li>
            <a href={`/app/help/${slug}`}>{t.title}</a>
            <span class="muted"> — {t.summary}</span>
          </li>
        ))}
      </ul>
    </Layout>
  ),
};

const topic: PageDef = {
  path: '/app/help/:topic',
  audience: 'anyone',
  render: (p) => {
    const t = HELP_TOPICS[p.params.topic ?? ''];
    if (!t) return null;
    return (
      <Layout title={`Help: ${t.title}`} path={p.path} session={p.session} script="help">
        <p class="back-link">
          <a href="/app/help">All help topics</a>
        </p>
        <h1>{t.title}</h1>
        <p class="intro">{t.summary}</p>
        <ol class="help-steps">
          {t.steps.map((s) => (
            <li>{s}</li>
          ))}
        </ol>
      </Layout>
    );
  },
};

export const HELP_PAGES: PageDef[] = [index, topic];
