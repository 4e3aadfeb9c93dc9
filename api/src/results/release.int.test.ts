import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { USERS } from '../../../db/src/seed-data.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createMemoryMailer } from '../identity/mail/mailer.ts';
import { createNotifier } from '../notifications/notifier.ts';
import { DEMO_RESULTS } from './demo-seed.ts';
import { releaseDueResults, startResultReleaseJob } from './release.ts';

const db = useTestDb();
const maria = USERS.find((u) => u.email === 'maria@demo.vitals')!;
const biopsy = DEMO_RESULTS.find((r) => r.category === 'pathology')!;

beforeAll(async () => {
  await seedDemo(db().pool);
});

const deps = (clock: ManualClock, mailer = createMemoryMailer()) => ({ db: db().pool, clock, notifier: createNotifier({ db: db().pool, clock, logger: silentLogger(), mailer }) });
const toldAbout = async (resultId: string) => (await db().pool.query<{ user_id: string }>('SELECT user_id FROM notifications WHERE link = $1', [`/results/${resultId}`])).rows.map((r) => r.user_id);

describe('result release', () => {
  it('announces a delayed result once its release time comes, exactly once', async () => {
    const { rows } = await db().pool.query<{ release_at: Date }>('SELECT release_at FROM lab_results WHERE id = $1', [biopsy.id]);
    const releaseAt = rows[0]!.release_at.getTime();
    const clock = new ManualClock(releaseAt - 1);
    const mailer = createMemoryMailer();
    expect(await releaseDueResults(deps(clock, mailer))).toBe(0);
    expect(await toldAbout(biopsy.id)).toEqual([]);
    clock.set(releaseAt);
    expect(await releaseDueResults(deps(clock, mailer))).toBe(1);
    expect(await toldAbout(biopsy.id)).toEqual([maria.id]);
    expect(mailer.sent).toEqual([expect.objectContaining({ to: maria.email, subject: 'You have a new result in the portal' })]);
    expect(await releaseDueResults(deps(clock, mailer))).toBe(0);
    expect(await toldAbout(biopsy.id)).toEqual([maria.id]);
  });

  it('runs as a periodic job until closed', async () => {
    const { rows } = await db().pool.query<{ id: string }>(
      `INSERT INTO lab_results (clinic_id, patient_id, ordered_by, loinc, display_name, category, value_numeric, collected_at, resulted_at, verified_at, verified_by, release_at, created_at)
       SELECT clinic_id, patient_id, ordered_by, '2345-7', 'Glucose', 'chemistry', 90, now(), now(), now(), ordered_by, now(), now() FROM lab_results WHERE id = $1 RETURNING id`,
      [biopsy.id],
    );
    const job = startResultReleaseJob({ ...deps(new ManualClock(Date.now() + 1000)), logger: silentLogger(), intervalMs: 10 });
    try {
      await expect.poll(() => toldAbout(rows[0]!.id), { timeout: 5000 }).toEqual([maria.id]);
    } finally {
      job.close();
    }
  });
});
