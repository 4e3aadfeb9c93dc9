import { createRouter } from '../http/openapi-app.ts';
import { registerComplianceRoutes } from './compliance-routes.ts';
import { registerReadingsRoute } from './readings-route.ts';
import { registerReportRoutes } from './report-routes.ts';
import type { TrendRouteDeps } from './route-kit.ts';
import { registerTrendRoute } from './trend-route.ts';

/**
 * Readings, trends, clinical reports and remote-monitoring compliance (issue 5), mounted at `/`:
 * the patient routes under `/v1/patients/{patientId}/…` (guardPatient, scope `readings`) and the
 * clinic list at `/v1/clinics/compliance`. Storage and query layer: docs/trends.md.
 */
export function trendRoutes(deps: TrendRouteDeps) {
  const app = createRouter();
  registerReadingsRoute(app, deps);
  registerTrendRoute(app, deps);
  registerReportRoutes(app, deps);
  registerComplianceRoutes(app, deps);
  return app;
}
