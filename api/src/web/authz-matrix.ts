import { PATIENT_DATA_READERS, PUBLIC, type MatrixEntry } from '../http/authz-matrix.ts';
import { ASSET_ROUTES } from '../../../web/src/assets.ts';
import { WEB_ENTRY_PATHS, WEB_PAGES } from '../../../web/src/routes.tsx';

/** A concrete URL for a page pattern: the subject patient for `:patientId`, a sample for the rest. */
function samplePath(pattern: string, patientId: string): string {
  return pattern.replace(':patientId', patientId).replace(':resultId', '00000000-0000-4000-8000-00000000f001').replace(':topic', 'glucose');
}

/**
 * The web portal's routes. Pages and assets are public shells: a page answers everyone, sending
 * those who may not see it to sign-in or to their own home page, and holds no health data (the
 * browser fetches that through the API, whose own entries say who may read it).
 */
export const authzMatrix: MatrixEntry[] = [
  ...[...Object.values(WEB_ENTRY_PATHS), ...WEB_PAGES.map((p) => p.path)].map(
    (path): MatrixEntry => ({ method: 'GET', path, request: (ctx) => ({ path: path === WEB_ENTRY_PATHS.notFound ? '/app/no-such-page' : samplePath(path, ctx.patientId) }), allow: PUBLIC }),
  ),
  { method: 'GET', path: ASSET_ROUTES.css, request: () => ({ path: '/assets/app.css' }), allow: PUBLIC },
  { method: 'GET', path: ASSET_ROUTES.script, request: () => ({ path: '/assets/pages/help.js' }), allow: PUBLIC },
  // one second: the stream ends by itself, so a matrix run does not hang on it
  { method: 'GET', path: '/v1/patients/:patientId/live', proxyScope: 'readings', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/live?maxSeconds=1` }), allow: PATIENT_DATA_READERS },
];
