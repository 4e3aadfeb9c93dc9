import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { CLINIC } from '../../../../db/src/seed-data.ts';

/** Future slots of a provider and visit type, soonest first, that nobody booked. */
export async function freeSlots(db: pg.Pool, q: { providerId: string; visitTypeId: string; after: Date; count?: number }): Promise<Array<{ id: string; startsAt: Date }>> {
  const { rows } = await db.query<{ id: string; starts_at: Date }>(
    `SELECT s.id, s.starts_at FROM appointment_slots s
      WHERE s.provider_id = $1 AND s.visit_type_id = $2 AND s.starts_at > $3
        AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.provider_id = s.provider_id AND a.status <> 'cancelled'
                          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at))
      ORDER BY s.starts_at LIMIT $4`,
    [q.providerId, q.visitTypeId, q.after, q.count ?? 1],
  );
  return rows.map((r) => ({ id: r.id, startsAt: r.starts_at }));
}

/** Extra patients of the demo clinic, each with a portal account (for tests that need many). */
export async function addPatients(db: pg.Pool, n: number): Promise<Array<{ patientId: string; userId: string }>> {
  const tag = randomBytes(3).toString('hex');
  const { rows } = await db.query<{ patient_id: string; user_id: string }>(
    `WITH p AS (
       INSERT INTO patients (clinic_id, mrn, given_name, family_name, birth_date)
       SELECT $1, 'T-' || $2 || '-' || i, 'Test', 'Patient ' || i, '1980-01-01' FROM generate_series(1, $3) AS i
       RETURNING id, mrn)
     INSERT INTO users (clinic_id, email, display_name, role, patient_id)
     SELECT $1, lower(p.mrn) || '@test.vitals', 'Test patient', 'patient', p.id FROM p
     RETURNING patient_id, id AS user_id`,
    [CLINIC.id, tag, n],
  );
  return rows.map((r) => ({ patientId: r.patient_id, userId: r.user_id }));
}

/** The newest notifications of a user. */
export async function notificationsOf(db: pg.Pool, userId: string): Promise<Array<{ kind: string; title: string; link: string }>> {
  const { rows } = await db.query('SELECT kind, title, link FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id', [userId]);
  return rows;
}
