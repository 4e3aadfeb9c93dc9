import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import { createRouter } from '../http/openapi-app.ts';

const OWN_ASSETS = fileURLToPath(new URL('./assets/', import.meta.url));
const SWAGGER_UI_DIST = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The files /docs serves, and where each comes from: an allow-list, so no path reaches the disk. */
const ASSETS: Record<string, { dir: string; type: string }> = {
  'swagger-ui.css': { dir: SWAGGER_UI_DIST, type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { dir: SWAGGER_UI_DIST, type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { dir: SWAGGER_UI_DIST, type: 'image/png' },
  'favicon-16x16.png': { dir: SWAGGER_UI_DIST, type: 'image/png' },
  'swagger-initializer.js': { dir: OWN_ASSETS, type: 'text/javascript; charset=utf-8' },
};

/**
 * GET /docs: a Swagger UI reference of /openapi.json, served from the swagger-ui-dist package (no
 * CDN). The page and its initializer are files, so the app's CSP (default-src 'self', no inline
 * scripts) applies unchanged. These routes are the UI, not the API, so /openapi.json leaves them out.
 */
export function openApiDocsRoutes() {
  const app = createRouter();
  app.get('/docs', async (c) => c.body(await readFile(path.join(OWN_ASSETS, 'index.html')), 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/docs/:asset', async (c) => {
    const name = c.req.param('asset');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw new NotFoundError('no such documentation asset');
    return c.body(await readFile(path.join(asset.dir, name)), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
