import type pg from 'pg';
import { inTransaction } from '../identity/transaction.ts';
import { DEMO_APPOINTMENTS, DEMO_CLINIC_ID, DEMO_DEPARTMENT, DEMO_LOCATION, DEMO_PROVIDERS, DEMO_TEMPLATES, DEMO_VISIT_FORMS, DEMO_VISIT_TYPES, pastSlotId } from './demo-data.ts';
import { generateSlots } from './slot-generation.ts';
import { newVideoToken } from './video-link.ts';
import { addDays, localDate, zonedInstant, zoneReader } from './zoned-time.ts';

const DAY_MS = 86_400_000;
const durationOf = (visitTypeId: string) => Object.values(DEMO_VISIT_TYPES).find((v) => v.id === visitTypeId)!;

/**
 * The scheduling demo: a department and location, the demo clinicians as providers, in-person
 * (30 min) and video (20 min) visit types with their forms, weekly templates, four weeks of slots,
 * and past and upcoming appointments for the demo patients. Idempotent: fixed ids, ON CONFLICT DO
 * NOTHING, and slot generation that adds only what is missing.
 */
export async function seed(db: pg.Pool): Promise<void> {
  const now = new Date();
  await inTransaction(db, async (tx) => {
    const c = DEMO_CLINIC_ID;
    await tx.query('INSERT INTO departments (id, clinic_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [DEMO_DEPARTMENT.id, c, DEMO_DEPARTMENT.name]);
    const l = DEMO_LOCATION;
    await tx.query('INSERT INTO appointment_locations (id, clinic_id, department_id, name, address, phone) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [l.id, c, l.departmentId, l.name, l.address, l.phone]);
    for (const p of Object.values(DEMO_PROVIDERS)) {
      await tx.query('INSERT INTO providers (id, clinic_id, user_id, display_name, specialty) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [p.id, c, p.userId, p.displayName, p.specialty]);
    }
    for (const v of Object.values(DEMO_VISIT_TYPES)) {
      await tx.query('INSERT INTO visit_types (id, clinic_id, code, name, modality, duration_minutes) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [v.id, c, v.code, v.name, v.modality, v.durationMinutes]);
    }
    for (const f of DEMO_VISIT_FORMS) {
      await tx.query('INSERT INTO visit_type_forms (visit_type_id, kind, form_id, due_hours_before) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [f.visitTypeId, f.kind, f.formId, f.dueHoursBefore]);
    }
    for (const t of DEMO_TEMPLATES) {
      await tx.query(
        `INSERT INTO availability_templates (id, clinic_id, provider_id, location_id, visit_type_id, weekday, start_time, end_time, valid_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '2025-01-01') ON CONFLICT DO NOTHING`,
        [t.id, c, t.providerId, l.id, t.visitTypeId, t.weekday, t.start, t.end],
      );
    }
  });
  await generateSlots(db, { now, weeks: 4, clinicId: DEMO_CLINIC_ID });
  const zone = zoneReader((await db.query<{ timezone: string }>('SELECT timezone FROM clinics WHERE id = $1', [DEMO_CLINIC_ID])).rows[0]!.timezone);
  for (const a of DEMO_APPOINTMENTS) {
    if (a.inDays < 0) await seedPastVisit(db, a, zonedInstant(zone, addDays(localDate(zone, now), a.inDays), 10 * 60)!);
    else await seedUpcomingVisit(db, a, new Date(now.getTime() + a.inDays * DAY_MS));
  }
}

type DemoAppointment = (typeof DEMO_APPOINTMENTS)[number];

/** A completed visit in a slot of its own (past slots are never generated). */
async function seedPastVisit(db: pg.Pool, a: DemoAppointment, startsAt: Date): Promise<void> {
  const endsAt = new Date(startsAt.getTime() + durationOf(a.visitTypeId).durationMinutes * 60_000);
  const slotId = pastSlotId(a.id);
  await db.query(
    `INSERT INTO appointment_slots (id, clinic_id, provider_id, location_id, visit_type_id, starts_at, ends_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [slotId, DEMO_CLINIC_ID, a.providerId, DEMO_LOCATION.id, a.visitTypeId, startsAt, endsAt],
  );
  await db.query(
    `INSERT INTO appointments (id, clinic_id, patient_id, slot_id, provider_id, location_id, visit_type_id, starts_at, ends_at, status, reason, booked_at)
     SELECT $1, s.clinic_id, $2, s.id, s.provider_id, s.location_id, s.visit_type_id, s.starts_at, s.ends_at, 'completed', $3, s.starts_at - interval '7 days'
       FROM appointment_slots s WHERE s.id = $4
     ON CONFLICT DO NOTHING`,
    [a.id, a.patientId, a.reason, slotId],
  );
}

/** An upcoming visit in the first free generated slot from `notBefore` on. */
async function seedUpcomingVisit(db: pg.Pool, a: DemoAppointment, notBefore: Date): Promise<void> {
  const video = durationOf(a.visitTypeId).modality === 'video';
  await db.query(
    `INSERT INTO appointments (id, clinic_id, patient_id, slot_id, provider_id, location_id, visit_type_id, starts_at, ends_at, reason, video_token)
     SELECT $1, s.clinic_id, $2, s.id, s.provider_id, s.location_id, s.visit_type_id, s.starts_at, s.ends_at, $3, $4
       FROM appointment_slots s
      WHERE NOT EXISTS (SELECT 1 FROM appointments WHERE id = $1)
        AND s.provider_id = $5 AND s.visit_type_id = $6 AND s.starts_at >= $7
        AND NOT EXISTS (SELECT 1 FROM appointments x WHERE x.status <> 'cancelled' AND (x.provider_id = s.provider_id OR x.patient_id = $2)
                          AND tstzrange(x.starts_at, x.ends_at) && tstzrange(s.starts_at, s.ends_at))
      ORDER BY s.starts_at LIMIT 1
     ON CONFLICT DO NOTHING`,
    [a.id, a.patientId, a.reason, video ? newVideoToken() : null, a.providerId, a.visitTypeId, notBefore],
  );
}
