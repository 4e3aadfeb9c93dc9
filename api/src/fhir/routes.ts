import { createRouter } from '../http/openapi-app.ts';
import type { FhirRouteDeps } from './fhir-access.ts';
import { fhirBase, fhirJson } from './http/fhir-response.ts';
import { capabilityStatement } from './resources/capability-statement.ts';
import { registerCgmSummaryRoute } from './routes/cgm-summary-route.ts';
import { registerExportRoute } from './routes/export-route.ts';
import { fhirGet } from './routes/fhir-route-kit.ts';
import { registerObservationRoutes } from './routes/observation-routes.ts';
import { registerPatientRoutes } from './routes/patient-routes.ts';
import { registerPortalResourceRoutes } from './routes/portal-resource-routes.ts';

export type { FhirRouteDeps } from './fhir-access.ts';
export { fhirOutcomeBoundary } from './http/operation-outcome.ts';

/**
 * The FHIR R4 facade under /fhir/R4 (docs/fhir.md), mounted at `/`. Mount fhirOutcomeBoundary()
 * on `/fhir/*` before authentication, so every error there is an OperationOutcome.
 */
export function fhirRoutes(deps: FhirRouteDeps) {
  const app = createRouter();
  fhirGet(app, { path: '/fhir/R4/metadata', summary: 'CapabilityStatement', returns: 'CapabilityStatement', open: true }, (c) => fhirJson(c, capabilityStatement(fhirBase(deps.publicUrl))));
  registerPatientRoutes(app, deps);
  registerExportRoute(app, deps);
  registerCgmSummaryRoute(app, deps);
  registerObservationRoutes(app, deps);
  registerPortalResourceRoutes(app, deps);
  return app;
}
