/**
 * The authorization matrix against the app in-process (`app.request`, no port): every route of the
 * app has an entry and every entry a route, and each route keeps its rule for every principal.
 * The matrix, its principals and expectations live in test/support/authz-matrix-runner.ts, shared
 * with test/reliability/authz-running.test.ts, which runs the same matrix over real HTTP.
 */
import { ManualClock } from '../common/src/clock.ts';
import { describe, expect, it } from 'vitest';
import { apiHarness, TEST_SESSION_SECRET, type Harness } from './support/api-harness.ts';
import { matrixEntries, runAuthzMatrix } from './support/authz-matrix-runner.ts';
import { useTestDb } from './support/db-fixture.ts';

const db = useTestDb();
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
let h: Harness;

describe('authorization matrix', () => {
  runAuthzMatrix(
    () => db().pool,
    clock,
    () => {
      h = apiHarness(db().pool, { clock });
      return { send: async (path, init) => h.app.request(path, init), clock, sessionSecret: TEST_SESSION_SECRET };
    },
  );

  it('has an entry for every route of the app, and a route for every entry', () => {
    const routes = new Set(h.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    const covered = new Set(matrixEntries.map(({ entry }) => `${entry.method} ${entry.path}`));
    expect([...routes].filter((r) => !covered.has(r)), 'routes without a matrix entry').toEqual([]);
    expect([...covered].filter((e) => !routes.has(e)), 'matrix entries without a route').toEqual([]);
    expect(matrixEntries.length).toBeGreaterThan(30);
  });
});
