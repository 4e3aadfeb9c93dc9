import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/src/logger.ts';
import { createRouter } from './openapi-app.ts';
import { problemErrorHandler } from './problem.ts';

/** A route with an optional JSON body (no `required: true`), as several feature routes declare. */
function app() {
  const r = createRouter();
  r.onError(problemErrorHandler(silentLogger()));
  const Body = z.object({ name: z.string(), tries: z.number().int().default(3) });
  r.openapi(
    createRoute({ method: 'post', path: '/things', request: { body: { content: { 'application/json': { schema: Body } } } }, responses: { 200: { description: 'ok' } } }),
    (c) => c.json(c.req.valid('json'), 200),
  );
  return r;
}

describe('createRouter: optional JSON bodies', () => {
  it('validates a missing body as {} (400, not the handler meeting missing fields)', async () => {
    const res = await app().request('/things', { method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).errors).toEqual([expect.objectContaining({ path: 'name' })]);
  });

  it('still validates a JSON body, applying defaults', async () => {
    const res = await app().request('/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(await res.json()).toEqual({ name: 'x', tries: 3 });
  });

  it('refuses a body of another content type (415)', async () => {
    const res = await app().request('/things', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x' });
    expect(res.status).toBe(415);
  });
});
