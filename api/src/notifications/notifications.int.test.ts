import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createMemoryMailer, type Mailer } from '../identity/mail/mailer.ts';
import { NOTIFICATION_KINDS, notificationEmail } from './kinds.ts';
import { createNotifier } from './notifier.ts';
import { notify } from './notify.ts';

const db = useTestDb();
let h: Harness;
const user = (email: string) => USERS.find((u) => u.email === email)!;
const james = user('james@demo.vitals');
const aiko = user('aiko@demo.vitals');
const samuel = user('samuel@demo.vitals');

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
});

const outbox = async (userId: string) => (await db().pool.query<{ subject: string; body_text: string; status: string }>('SELECT subject, body_text, status FROM email_outbox WHERE user_id = $1 ORDER BY created_at', [userId])).rows;

describe('notify', () => {
  it('writes an in-app notification and queues an email that says only that something is waiting', async () => {
    const out = await notify(db().pool, { userId: aiko.id, kind: 'new_result', title: 'New result: HIV-1/2 antibody', link: '/results/abc' });
    expect(out.notificationId).toMatch(/^[0-9a-f-]{36}$/);
    const mail = await outbox(aiko.id);
    expect(mail).toEqual([{ subject: 'You have a new result in the portal', body_text: expect.any(String), status: 'pending' }]);
    expect(mail[0]!.body_text).not.toMatch(/HIV|abc|http/);
  });

  it('follows the per-kind preferences and sends no email to an unverified address or a disabled account', async () => {
    await h.request('/v1/notifications/preferences', { method: 'PUT', json: { preferences: [{ kind: 'appointment_reminder', inApp: false, email: true }, { kind: 'new_message', inApp: true, email: false }] }, as: samuel.email });
    const reminder = await notify(db().pool, { userId: samuel.id, kind: 'appointment_reminder', title: 'Visit tomorrow', link: '/appointments/1' });
    const message = await notify(db().pool, { userId: samuel.id, kind: 'new_message', title: 'New message', link: '/messages/1' });
    expect([reminder.notificationId === null, reminder.emailId !== null]).toEqual([true, true]);
    expect([message.notificationId !== null, message.emailId === null]).toEqual([true, true]);
    await db().pool.query('UPDATE users SET email_verified_at = NULL WHERE id = $1', [samuel.id]);
    expect((await notify(db().pool, { userId: samuel.id, kind: 'appointment_reminder', title: 't', link: '/x' })).emailId).toBeNull();
    await db().pool.query('UPDATE users SET disabled_at = now() WHERE id = $1', [samuel.id]);
    expect(await notify(db().pool, { userId: samuel.id, kind: 'new_result', title: 't', link: '/x' })).toEqual({ notificationId: null, emailId: null });
  });

  it('refuses links that leave the portal', async () => {
    for (const link of ['https://evil.example', '//evil.example', '/\\evil.example', 'results/1']) {
      await expect(notify(db().pool, { userId: aiko.id, kind: 'new_result', title: 't', link })).rejects.toThrow(/portal/);
    }
  });

  it('has a detail-free email for every kind', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const m = notificationEmail(kind, 'a@b.c');
      expect(m.subject).toMatch(/^You have an? .+ in the portal$/);
      expect(m.text.startsWith(m.subject)).toBe(true);
    }
  });
});

describe('the notifier', () => {
  it('sends queued emails through the mailer and marks them sent', async () => {
    const mailer = createMemoryMailer();
    const notifier = createNotifier({ db: db().pool, clock: new ManualClock(), logger: silentLogger(), mailer });
    await notifier.notify([{ userId: james.id, kind: 'appointment_change', title: 'Your visit moved', link: '/appointments/2' }]);
    expect(mailer.sent).toEqual([expect.objectContaining({ to: james.email, subject: 'You have an appointment update in the portal' })]);
    expect((await outbox(james.id)).at(-1)!.status).toBe('sent');
  });

  it('leaves the email pending for the email worker when the mailer fails, without failing the caller', async () => {
    const broken: Mailer = { send: async () => Promise.reject(new Error('relay down')) };
    const notifier = createNotifier({ db: db().pool, clock: new ManualClock(), logger: silentLogger(), mailer: broken });
    await notifier.notify([{ userId: james.id, kind: 'appointment_reminder', title: 'Visit tomorrow', link: '/appointments/3' }]);
    const { rows } = await db().pool.query("SELECT status, attempts, last_error FROM email_outbox WHERE user_id = $1 AND subject LIKE '%reminder%'", [james.id]);
    expect(rows).toEqual([{ status: 'pending', attempts: 1, last_error: 'relay down' }]);
  });
});

describe('notification routes', () => {
  const maria = 'maria@demo.vitals';

  it('lists one’s own notifications newest first with the unread count, and marks them read', async () => {
    const list = await (await h.request('/v1/notifications', { as: maria })).json();
    expect(list.unreadCount).toBe(2);
    expect(list.notifications.map((n: { title: string }) => n.title)).toEqual(['New message from your care team', 'New result: Hemoglobin A1c', 'New result: Glucose']);
    const unread = await (await h.request('/v1/notifications?unreadOnly=true', { as: maria })).json();
    expect(unread.notifications).toHaveLength(2);
    const first = unread.notifications[0].id;
    expect((await h.request(`/v1/notifications/${first}/read`, { method: 'POST', as: james.email })).status).toBe(404);
    const read = await (await h.request(`/v1/notifications/${first}/read`, { method: 'POST', as: maria })).json();
    expect(read.readAt).toBe(h.clock.now().toISOString());
    expect(await (await h.request('/v1/notifications/read-all', { method: 'POST', as: maria })).json()).toEqual({ marked: 1 });
    expect((await (await h.request('/v1/notifications', { as: maria })).json()).unreadCount).toBe(0);
    expect((await h.request('/v1/notifications')).status).toBe(401);
  });

  it('keeps preferences per kind, both channels on by default', async () => {
    const prefs = await (await h.request('/v1/notifications/preferences', { as: james.email })).json();
    expect(prefs.preferences).toHaveLength(NOTIFICATION_KINDS.length);
    expect(prefs.preferences.every((p: { inApp: boolean; email: boolean }) => p.inApp && p.email)).toBe(true);
    const saved = await (await h.request('/v1/notifications/preferences', { method: 'PUT', json: { preferences: [{ kind: 'new_result', inApp: true, email: false }] }, as: james.email })).json();
    expect(saved.preferences.find((p: { kind: string }) => p.kind === 'new_result')).toEqual({ kind: 'new_result', inApp: true, email: false });
    expect(saved.preferences.find((p: { kind: string }) => p.kind === 'new_message')).toEqual({ kind: 'new_message', inApp: true, email: true });
    const dup = await h.request('/v1/notifications/preferences', { method: 'PUT', json: { preferences: [{ kind: 'new_result', inApp: true, email: false }, { kind: 'new_result', inApp: false, email: false }] }, as: james.email });
    expect(dup.status).toBe(400);
  });
});
