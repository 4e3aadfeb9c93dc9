import type { Child } from 'hono/jsx';
import { navForRecord } from './acting-record.ts';
import { currentNavHref, NAV, navFor } from './nav.ts';
import { RecordBar } from './record-bar.tsx';
import type { PageSession, Viewer } from './viewer.ts';

export interface LayoutProps {
  /** Page title without any health data (it shows in tabs, history and screen-reader announcements). */
  title: string;
  path: string;
  session: PageSession;
  /** Client entry under web/client/pages, without extension. */
  script?: string;
  /** Extra stylesheets, e.g. uPlot's on chart pages. */
  styles?: string[];
  /** Ids the client script needs (never values): data-* attributes on <main>. */
  data?: Record<string, string>;
  children?: Child;
}

/** A proxy acting for someone gets the patient sections that person shared with them. */
function navItems(viewer: Viewer) {
  return viewer.role === 'proxy' && viewer.acting ? navForRecord(NAV.patient, viewer.acting) : navFor(viewer.role);
}

/**
 * Every page: skip link, header with the signed-in person and sign-out, the section navigation
 * (a disclosure on narrow screens), and <main>. No inline scripts or styles: the CSP is
 * `default-src 'self'`.
 */
export function Layout(props: LayoutProps) {
  const { viewer, csrfToken } = props.session;
  const items = viewer ? navItems(viewer) : [];
  const current = currentNavHref(items, props.path);
  const data = { ...(viewer ? { 'user-id': viewer.userId } : {}), ...props.data };
  const dataAttrs = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – Vitals`}</title>
        {csrfToken ? <meta name="csrf-token" content={csrfToken} /> : null}
        <link rel="stylesheet" href="/assets/app.css" />
        {(props.styles ?? []).map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {props.script ? <script type="module" src={`/assets/pages/${props.script}.js`}></script> : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <a class="brand" href={viewer ? '/app' : '/'}>
            <span aria-hidden="true" class="brand-mark">
              ♥
            </span>{' '}
            Vitals
          </a>
          {viewer ? (
            <div class="account">
              <span class="account-name">{viewer.displayName}</span>
              <button type="button" class="button-quiet" data-action="sign-out">
                Sign out
              </button>
            </div>
          ) : null}
        </header>
        <div class="shell">
          {items.length ? (
            <nav class="site-nav" aria-label="Sections">
              <button type="button" class="menu-toggle" aria-expanded="false" aria-controls="nav-list">
                Menu
              </button>
              <ul id="nav-list">
                {items.map((i) => (
                  <li>
                    <a href={i.href} aria-current={i.href === current ? 'page' : undefined}>
                      {i.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <main id="main" tabindex={-1} {...dataAttrs}>
            {viewer ? <RecordBar viewer={viewer} path={props.path} /> : null}
            {props.children}
          </main>
        </div>
        <footer class="site-footer">
          <p>
            In an emergency call 911. For urgent questions call the clinic. <a href="/app/help">Help</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
