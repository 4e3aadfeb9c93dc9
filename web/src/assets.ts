import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const WEB_ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLIENT_DIR = path.join(WEB_ROOT, 'client', 'pages');
const require = createRequire(import.meta.url);

/** Files served as they are: our stylesheet and uPlot's. Everything else under /assets is a script bundle. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  'app.css': { file: path.join(WEB_ROOT, 'assets', 'app.css'), type: 'text/css; charset=utf-8' },
  'uplot.css': { file: require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

/** Bundled scripts by URL name (`pages/glucose.js`, `chunks/…`). */
type Bundle = Map<string, string>;

/**
 * Bundle the browser code (web/client/pages/*.tsx, TypeScript with hono/jsx/dom) with esbuild,
 * in memory, once per process and on first use. esbuild is already here as tsx's engine, so the
 * UI needs no build step and no output folder; pages share chunks through code splitting.
 */
async function bundleClient(): Promise<Bundle> {
  const { build } = await import('esbuild');
  const entries = (await readdir(CLIENT_DIR)).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(CLIENT_DIR, f));
  const result = await build({
    entryPoints: entries,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: '/out',
    entryNames: 'pages/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx/dom',
    logLevel: 'silent',
    legalComments: 'none',
  });
  return new Map(result.outputFiles.map((f) => [path.relative('/out', f.path).split(path.sep).join('/'), f.text]));
}

/** Route patterns, exported for the authorization matrix (api/src/web/authz-matrix.ts). */
export const ASSET_ROUTES = {
  css: '/assets/:name{[a-z0-9.-]+\\.css}',
  script: '/assets/:dir{pages|chunks}/:name{[A-Za-z0-9_-]+\\.js}',
} as const;

/** `GET /assets/*`: the stylesheets and the script bundles. */
export function assetRoutes() {
  const app = new Hono();
  // Built on first request and kept for the life of this router (not the module: no global state).
  let bundle: Promise<Bundle> | undefined;
  const scripts = () => (bundle ??= bundleClient().catch((err: unknown) => {
    bundle = undefined; // let the next request try again rather than caching a failure
    throw err;
  }));

  app.get(ASSET_ROUTES.css, async (c) => {
    const entry = STATIC_FILES[c.req.param('name')];
    if (!entry) return c.notFound();
    return c.body(await readFile(entry.file, 'utf8'), 200, { 'content-type': entry.type, 'cache-control': 'no-cache' });
  });
  app.get(ASSET_ROUTES.script, async (c) => {
    const text = (await scripts()).get(`${c.req.param('dir')}/${c.req.param('name')}`);
    if (text === undefined) return c.notFound();
    return c.body(text, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
  });
  return app;
}
