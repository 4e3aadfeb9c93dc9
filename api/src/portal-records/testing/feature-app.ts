import type { ApiDeps, App } from '../../app.ts';
import { authenticate } from '../../auth/authenticate.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { problemErrorHandler, problemNotFound } from '../../http/problem.ts';

/**
 * An app with the same error handling and authentication as `createApp`, mounting only the
 * routers given, so an integration test can inject fakes (mailer, SMS, payment processor) that
 * `createApp` does not take. Use with `apiHarness(db, { buildApp: (deps) => featureApp(deps, …) })`.
 */
export function featureApp(deps: ApiDeps, mount: (app: ReturnType<typeof createRouter>) => void): App {
  const app = createRouter();
  app.onError(problemErrorHandler(deps.logger));
  app.notFound(problemNotFound);
  app.use('*', authenticate({ db: deps.db, clock: deps.clock, sessions: { idleMinutes: deps.config.SESSION_IDLE_MINUTES, absoluteHours: deps.config.SESSION_ABSOLUTE_HOURS }, csrfSecret: deps.config.SESSION_SECRET }));
  mount(app);
  return app;
}
