import type pg from 'pg';
import { expandWeeklyRule } from './slot-expansion.ts';
import { addDays, localDate, zoneReader } from './zoned-time.ts';

export interface GenerateSlotsOptions {
  now: Date;
  /** How far ahead to materialise: from the clinic's today for this many weeks. */
  weeks: number;
  /** One clinic, or every clinic when absent (the maintenance job). */
  clinicId?: string;
}

export interface GenerateSlotsResult {
  created: number;
  /** Future slots nobody booked whose template no longer yields them (changed or stopped). */
  removed: number;
}

interface TemplateRow {
  id: string;
  clinic_id: string;
  provider_id: string;
  location_id: string;
  visit_type_id: string;
  weekday: number;
  start_time: string;
  end_time: string;
  valid_from: string;
  valid_until: string | null;
  duration_minutes: number;
  timezone: string;
}

/**
 * Materialise the slots of every active template (with an active provider, location and visit
 * type) for the coming weeks, in the clinic's time zone. Idempotent: running it again, from any
 * number of processes at once, adds only what is missing — `(template_id, starts_at)` is unique and
 * inserts ignore what exists. Within the horizon it also removes future, never-booked slots that
 * the templates no longer yield, so an edited or stopped template stops offering its old times.
 */
export async function generateSlots(db: Pick<pg.Pool, 'query'>, opts: GenerateSlotsOptions): Promise<GenerateSlotsResult> {
  const { rows: templates } = await db.query<TemplateRow>(
    `SELECT t.id, t.clinic_id, t.provider_id, t.location_id, t.visit_type_id, t.weekday,
            to_char(t.start_time, 'HH24:MI') AS start_time, to_char(t.end_time, 'HH24:MI') AS end_time,
            to_char(t.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(t.valid_until, 'YYYY-MM-DD') AS valid_until,
            v.duration_minutes, c.timezone
       FROM availability_templates t
       JOIN visit_types v ON v.id = t.visit_type_id AND v.active
       JOIN providers p ON p.id = t.provider_id AND p.active
       JOIN appointment_locations l ON l.id = t.location_id AND l.active
       JOIN clinics c ON c.id = t.clinic_id
      WHERE t.active AND ($1::uuid IS NULL OR t.clinic_id = $1)`,
    [opts.clinicId ?? null],
  );
  const slots: Array<{ t: TemplateRow; startsAt: Date; endsAt: Date }> = [];
  const zones = new Map(templates.map((t) => [t.timezone, zoneReader(t.timezone)]));
  for (const t of templates) {
    const zone = zones.get(t.timezone)!;
    const today = localDate(zone, opts.now);
    const rule = { weekday: t.weekday, startTime: t.start_time, endTime: t.end_time, validFrom: t.valid_from, validUntil: t.valid_until, durationMinutes: t.duration_minutes };
    for (const s of expandWeeklyRule(rule, zone, today, addDays(today, opts.weeks * 7))) {
      if (s.startsAt > opts.now) slots.push({ t, ...s });
    }
  }
  const created = await db.query(
    `INSERT INTO appointment_slots (clinic_id, provider_id, location_id, visit_type_id, template_id, starts_at, ends_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[])
     ON CONFLICT (template_id, starts_at) DO NOTHING`,
    [
      slots.map((s) => s.t.clinic_id),
      slots.map((s) => s.t.provider_id),
      slots.map((s) => s.t.location_id),
      slots.map((s) => s.t.visit_type_id),
      slots.map((s) => s.t.id),
      slots.map((s) => s.startsAt),
      slots.map((s) => s.endsAt),
    ],
  );
  // Prune only where every zone's expansion surely reached (its local today began up to a day
  // before now), so slots made earlier with a longer horizon are not mistaken for stale ones.
  const horizon = new Date(opts.now.getTime() + (opts.weeks * 7 - 2) * 86_400_000);
  const removed = await db.query(
    `DELETE FROM appointment_slots s
      WHERE ($1::uuid IS NULL OR s.clinic_id = $1) AND s.template_id IS NOT NULL AND s.starts_at > $2 AND s.starts_at < $3
        AND NOT EXISTS (SELECT 1 FROM unnest($4::uuid[], $5::timestamptz[]) AS k(template_id, starts_at)
                         WHERE k.template_id = s.template_id AND k.starts_at = s.starts_at)
        AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id)`,
    [opts.clinicId ?? null, opts.now, horizon, slots.map((s) => s.t.id), slots.map((s) => s.startsAt)],
  );
  return { created: created.rowCount ?? 0, removed: removed.rowCount ?? 0 };
}
