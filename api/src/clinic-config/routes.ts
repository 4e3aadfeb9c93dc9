import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { createRouter } from '../http/openapi-app.ts';
import { featureRoutes } from './feature-routes.ts';
import { termsRoutes } from './terms-routes.ts';

/**
 * Clinic configuration: portal feature switches and versioned terms. Mounted at `/`; its paths
 * span `/v1/admin`, `/v1/portal`, `/v1/terms` and `/v1/me`. See docs/appointments.md.
 */
export function clinicConfigRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();
  app.route('/', featureRoutes(deps));
  app.route('/', termsRoutes(deps));
  return app;
}
