import type pg from 'pg';
import type { z } from '@hono/zod-openapi';
import type { Slot } from './schemas.ts';
import { providerRef, scheduledColumns, scheduledJoins, visitTypeRef, type ScheduledRow } from './scheduled-row.ts';

type Db = Pick<pg.Pool, 'query'>;

/** A slot with its provider, location, visit type and clinic zone. */
export interface SlotRow extends ScheduledRow {
  /** Provider, location and visit type are all still active. */
  bookable: boolean;
}

/** Select slots with their joins; callers append WHERE. */
export const SLOT_SELECT = `
  SELECT ${scheduledColumns('s')}, p.active AND l.active AND v.active AS bookable
    FROM appointment_slots s ${scheduledJoins('s')}`;

/** The API shape of a slot. */
export function toSlot(r: SlotRow): z.infer<typeof Slot> {
  return {
    id: r.id,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    provider: providerRef(r),
    location: { id: r.location_id, name: r.location_name },
    visitType: visitTypeRef(r),
  };
}

export interface SlotSearch {
  clinicId: string;
  providerId?: string | undefined;
  visitTypeId?: string | undefined;
  /** Local dates in the clinic's zone, both included. */
  from: string;
  to: string;
  now: Date;
  limit: number;
  /**
   * Searching for a patient (or proxy) booking online: only slots past the visit type's cutoff,
   * not in a department that switched self-scheduling off, and not held for another patient by a
   * waitlist offer (`patientId` sees slots offered to them). Null: staff, who see every open slot.
   */
  forPatient: { patientId: string } | null;
}

/**
 * Open slots: active provider, location and visit type; in the future; and free — no active
 * appointment on the provider at an overlapping time (overlapping slots of other templates count).
 */
export async function searchOpenSlots(db: Db, q: SlotSearch): Promise<SlotRow[]> {
  const { rows } = await db.query<SlotRow>(
    `${SLOT_SELECT}
      WHERE s.clinic_id = $1 AND p.active AND l.active AND v.active
        AND ($2::uuid IS NULL OR s.provider_id = $2)
        AND ($3::uuid IS NULL OR s.visit_type_id = $3)
        AND s.starts_at >= ($4::date)::timestamp AT TIME ZONE c.timezone
        AND s.starts_at < ($5::date + 1)::timestamp AT TIME ZONE c.timezone
        AND s.starts_at > $6::timestamptz + CASE WHEN $7::uuid IS NULL THEN interval '0' ELSE make_interval(hours => v.patient_cutoff_hours) END
        AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.provider_id = s.provider_id AND a.status <> 'cancelled'
                          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at))
        AND NOT EXISTS (SELECT 1 FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
                         WHERE o.slot_id = s.id AND o.status = 'pending' AND o.expires_at > $6 AND e.patient_id IS DISTINCT FROM $7)
        AND ($7::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM portal_feature_settings f
                                              WHERE f.clinic_id = s.clinic_id AND f.department_id = l.department_id
                                                AND f.feature = 'self_scheduling' AND NOT f.enabled))
      ORDER BY s.starts_at, p.display_name, s.id
      LIMIT $8`,
    [q.clinicId, q.providerId ?? null, q.visitTypeId ?? null, q.from, q.to, q.now, q.forPatient?.patientId ?? null, q.limit],
  );
  return rows;
}
