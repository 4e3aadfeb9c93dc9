import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type pg from 'pg';
import type { Clock } from '../../common/src/clock.ts';
import type { LiveEvents } from '../../common/src/live-events.ts';
import type { Role } from '../../api/src/auth/principal.ts';
import type { AppEnv } from '../../api/src/http/env.ts';
import { createRouter } from '../../api/src/http/openapi-app.ts';
import { liveReadingsRoutes } from '../../api/src/web/live-routes.ts';
import { assetRoutes } from './assets.ts';
import { homeFor } from '../client/lib/home.ts';
import { Layout } from './layout.tsx';
import { ADMIN_PAGES } from './pages/admin-pages.tsx';
import { CLINICIAN_PAGES } from './pages/clinician-pages.tsx';
import { HELP_PAGES } from './pages/help-pages.tsx';
import type { Audience, PageDef } from './pages/page.ts';
import { PATIENT_PAGES } from './pages/patient-pages.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { pageSession, type PageSession } from './viewer.ts';

export interface WebDeps {
  db: pg.Pool;
  clock: Clock;
  /** PUBLIC_URL decides the cookies' Secure flag: behind a TLS-terminating proxy the request itself is http. */
  config: { SESSION_SECRET: string; PUBLIC_URL: string };
  /** Feeds the live readings stream; null: the stream only sends heartbeats. */
  live: LiveEvents | null;
}

/** Every page, in one list so the routes and the authorization matrix cannot drift apart. */
export const WEB_PAGES: PageDef[] = [...PATIENT_PAGES, ...CLINICIAN_PAGES, ...ADMIN_PAGES, ...HELP_PAGES];
/** Routes besides the pages: the root, sign-in and the HTML not-found page. */
export const WEB_ENTRY_PATHS = { root: '/', signIn: '/signin', notFound: '/app/*' } as const;


/** Where a request for a page should go instead, or null to show it. */
function redirectFor(audience: Audience, session: PageSession, path: string): string | null {
  if (audience === 'anyone') return null;
  const viewer = session.viewer;
  if (!viewer) return `/signin?next=${encodeURIComponent(path)}`;
  if (audience === 'signed-in' || audience === viewer.role) return null;
  // a proxy opens the patient pages for the record they chose (web/src/acting-record.ts)
  if (audience === 'patient' && viewer.role === 'proxy') return null;
  const home = homeFor(viewer.role);
  return home === path ? null : home;
}

/** A whole HTML document; pages carry a CSRF token and a name, so nothing may cache them. */
function htmlPage(c: Context, body: Child, status: 200 | 404 = 200) {
  c.header('cache-control', 'no-store');
  return c.html(`<!doctype html>${String(body)}`, status);
}

/**
 * The web portal: server-rendered page shells (Hono JSX) and the browser code that fills them
 * from the JSON API. Pages hold no health data: the scripts fetch it through the same audited,
 * permission-checked routes any client uses. See docs/web.md.
 */
export function webRoutes(deps: WebDeps) {
  const app = createRouter();
  const session = (c: Context<AppEnv>) => pageSession(c, { db: deps.db, sessionSecret: deps.config.SESSION_SECRET, publicUrl: deps.config.PUBLIC_URL, clock: deps.clock });
  app.route('/', assetRoutes());
  app.route('/', liveReadingsRoutes({ db: deps.db, clock: deps.clock, live: deps.live }));

  app.get(WEB_ENTRY_PATHS.root, async (c) => {
    const s = await session(c);
    return c.redirect(s.viewer ? homeFor(s.viewer.role) : '/signin', 303);
  });
  app.get(WEB_ENTRY_PATHS.signIn, async (c) => {
    const s = await session(c);
    if (s.viewer) return c.redirect(homeFor(s.viewer.role), 303);
    return htmlPage(c, <SignInPage session={s} path={c.req.path} />);
  });
  for (const page of WEB_PAGES) {
    app.get(page.path, async (c) => {
      const s = await session(c);
      const path = c.req.path;
      // the patient home doubles as everyone's entry point: send others to their own
      const target = page.path === '/app' && s.viewer && homeFor(s.viewer.role) !== '/app' ? homeFor(s.viewer.role) : redirectFor(page.audience, s, path);
      if (target && target !== path) return c.redirect(target, 303);
      const body = page.render({ session: s, path, params: c.req.param() as Record<string, string> });
      return body === null ? notFound(c, s) : htmlPage(c, body);
    });
  }
  app.get(WEB_ENTRY_PATHS.notFound, async (c) => notFound(c, await session(c)));
  return app;
}

function notFound(c: Context, s: PageSession) {
  return htmlPage(
    c,
    <Layout title="Page not found" path={c.req.path} session={s}>
      <h1>Page not found</h1>
      <p>We could not find that page. It may have moved.</p>
      <p>
        <a href="/">Go to your home page</a>
      </p>
    </Layout>,
    404,
  );
}
