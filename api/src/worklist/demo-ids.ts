/**
 * Fixed ids for the RPM-workflow demo rows (programme, enrolments, annotations, time entries), so
 * the feature seeds are idempotent and tests can name rows. The `8011` group (migration 0011) keeps
 * them apart from other features' demo ids.
 *
 * @example rpmDemoId(2, 1) === '00000000-0000-4000-8011-000200000001'
 */
export const rpmDemoId = (kind: number, n: number): string => `00000000-0000-4000-8011-${String(kind).padStart(4, '0')}${String(n).padStart(8, '0')}`;

/** The demo clinic's remote-monitoring programme. */
export const DEMO_PROGRAM_ID = rpmDemoId(1, 1);
