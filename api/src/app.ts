import type pg from 'pg';
import type { Clock } from '../../common/src/clock.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { ApiConfig } from './config.ts';
import { healthRoutes } from './health/routes.ts';
import { createRouter } from './http/openapi-app.ts';
import { problemErrorHandler, problemNotFound } from './http/problem.ts';

export interface ApiDeps {
  db: pg.Pool;
  logger: Logger;
  clock: Clock;
  config: Pick<ApiConfig, 'PUBLIC_URL' | 'MAX_BODY_BYTES'>;
}

export const API_VERSION = '1.0.0';

/** The HTTP API as a fetch handler; main.ts serves it, tests call `app.request()`. */
export function createApp(deps: ApiDeps) {
  const app = createRouter();
  app.onError(problemErrorHandler(deps.logger));
  app.notFound(problemNotFound);
  app.route('/', healthRoutes({ db: deps.db }));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Vitals API', version: API_VERSION, description: 'Remote patient monitoring and patient portal. Errors are RFC 9457 problem+json.' },
  });
  return app;
}
