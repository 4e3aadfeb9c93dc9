import { defineConfig } from 'vitest/config';

/**
 * The fault and hostile-input suites (`npm run test:reliability`): everything in test/reliability,
 * plus the crash and fuzz tests that live beside their code. A new file in test/reliability is
 * picked up without editing this list.
 */
const RELIABILITY_TESTS = [
  'test/reliability/**/*.test.ts',
  'ingest/src/crash-recovery.int.test.ts',
  'ingest/src/fuzz.int.test.ts',
  'gateway-agent/src/mqtt/drain-sigkill.int.test.ts',
  'gateway-agent/src/outbox/disk-buffer.crash.test.ts',
];

/**
 * VITALS_TEST_SET picks a part of the suite: unset runs every test (`npm test`); `reliability`
 * only the suites above; `main` all but them. CI runs `main` then `reliability`, so each file
 * runs once and the reliability suites report (and are timed) on their own.
 */
const set = process.env.VITALS_TEST_SET ?? 'all';
if (!['all', 'main', 'reliability'].includes(set)) throw new Error(`VITALS_TEST_SET is "${set}": expected main or reliability (or unset for every test)`);

export default defineConfig({
  test: {
    include: set === 'reliability' ? RELIABILITY_TESTS : ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**', 'web/dist/**', ...(set === 'main' ? RELIABILITY_TESTS : [])],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for something that will happen (a page update, a job finishing); its 1 s
    // default is about load, not correctness, and failed on a busy 2-core machine.
    expect: { poll: { timeout: 10_000 } },
    // Two cores: integration files share PostgreSQL, Redis and Mosquitto, so keep parallelism modest.
    maxWorkers: 3,
    pool: 'forks',
  },
});
