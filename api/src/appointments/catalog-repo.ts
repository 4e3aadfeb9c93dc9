import type pg from 'pg';
import type { z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';
import type { CreateLocation, CreateProvider, CreateTemplate, CreateVisitType, Location, Provider, Template, VisitForm, VisitType } from './schemas.ts';

type Db = Pick<pg.Pool, 'query'>;

const PG_UNIQUE = '23505';
const invalid = (path: string, message: string) => new ValidationError('the request is not valid', [{ path, message }]);

/** Insert one row; a unique violation becomes a 409 with the given text. */
async function insertUnique<R extends pg.QueryResultRow>(db: Db, sql: string, params: unknown[], conflict: string): Promise<R> {
  const r = await db.query<R>(sql, params).catch((err: { code?: string }) => {
    if (err.code === PG_UNIQUE) throw new ConflictError(conflict);
    throw err;
  });
  return r.rows[0]!;
}

const PROVIDER = `id, user_id AS "userId", display_name AS "displayName", specialty`;
const LOCATION = `id, name, address, phone, department_id AS "departmentId"`;
const VISIT_TYPE = `id, code, name, modality, duration_minutes AS "durationMinutes", patient_cutoff_hours AS "patientCutoffHours"`;
const TEMPLATE = `id, provider_id AS "providerId", location_id AS "locationId", visit_type_id AS "visitTypeId", weekday,
  to_char(start_time, 'HH24:MI') AS "startTime", to_char(end_time, 'HH24:MI') AS "endTime",
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_until, 'YYYY-MM-DD') AS "validUntil", active`;

type FormRow = z.infer<typeof VisitForm> & { visitTypeId: string };
type ProviderRow = z.infer<typeof Provider>;
type LocationRow = z.infer<typeof Location>;
type VisitTypeRow = Omit<z.infer<typeof VisitType>, 'forms'>;
type TemplateRow = z.infer<typeof Template>;

/**
 * What can be booked in one clinic, and its configuration by the clinic's administrators. Every
 * query is limited to the clinic, so an id from another clinic is simply not found.
 */
export function catalogRepo(db: Db, clinicId: string) {
  /** @throws ValidationError naming the field whose id is not this clinic's */
  const assertOwn = async (table: 'providers' | 'appointment_locations' | 'visit_types' | 'departments', id: string, field: string) => {
    const { rowCount } = await db.query(`SELECT 1 FROM ${table} WHERE id = $1 AND clinic_id = $2`, [id, clinicId]);
    if (!rowCount) throw invalid(field, 'not found in your clinic');
  };
  return {
    async catalog() {
      const [clinic, providers, locations, visitTypes, forms] = await Promise.all([
        db.query<{ timezone: string }>('SELECT timezone FROM clinics WHERE id = $1', [clinicId]),
        db.query<ProviderRow>(`SELECT ${PROVIDER} FROM providers WHERE clinic_id = $1 AND active ORDER BY display_name`, [clinicId]),
        db.query<LocationRow>(`SELECT ${LOCATION} FROM appointment_locations WHERE clinic_id = $1 AND active ORDER BY name`, [clinicId]),
        db.query<VisitTypeRow>(`SELECT ${VISIT_TYPE} FROM visit_types WHERE clinic_id = $1 AND active ORDER BY name`, [clinicId]),
        db.query<FormRow>(
          `SELECT f.visit_type_id AS "visitTypeId", f.kind, f.form_id AS "formId", f.due_hours_before AS "dueHoursBefore"
             FROM visit_type_forms f JOIN visit_types v ON v.id = f.visit_type_id WHERE v.clinic_id = $1 ORDER BY f.kind, f.form_id`,
          [clinicId],
        ),
      ]);
      return {
        timeZone: clinic.rows[0]?.timezone ?? 'UTC',
        providers: providers.rows,
        locations: locations.rows,
        visitTypes: visitTypes.rows.map((v) => ({ ...v, forms: forms.rows.filter((f) => f.visitTypeId === v.id).map(({ visitTypeId: _, ...f }) => f) })),
      };
    },

    /** @throws ValidationError unless the user is a clinician of this clinic; ConflictError if already a provider */
    async createProvider(p: z.infer<typeof CreateProvider>) {
      const { rows } = await db.query<{ display_name: string }>(`SELECT display_name FROM users WHERE id = $1 AND clinic_id = $2 AND role = 'clinician' AND disabled_at IS NULL`, [p.userId, clinicId]);
      if (!rows[0]) throw invalid('userId', 'not an active clinician of your clinic');
      return insertUnique<ProviderRow>(
        db,
        `INSERT INTO providers (clinic_id, user_id, display_name, specialty) VALUES ($1, $2, $3, $4) RETURNING ${PROVIDER}`,
        [clinicId, p.userId, p.displayName ?? rows[0].display_name, p.specialty ?? null],
        'this clinician is already a provider',
      );
    },

    async createLocation(l: z.infer<typeof CreateLocation>) {
      if (l.departmentId) await assertOwn('departments', l.departmentId, 'departmentId');
      return insertUnique<LocationRow>(
        db,
        `INSERT INTO appointment_locations (clinic_id, name, address, phone, department_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${LOCATION}`,
        [clinicId, l.name, l.address ?? null, l.phone ?? null, l.departmentId ?? null],
        `a location named ${l.name} already exists`,
      );
    },

    async createVisitType(v: z.infer<typeof CreateVisitType>) {
      const row = await insertUnique<VisitTypeRow>(
        db,
        `INSERT INTO visit_types (clinic_id, code, name, modality, duration_minutes, patient_cutoff_hours) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${VISIT_TYPE}`,
        [clinicId, v.code, v.name, v.modality, v.durationMinutes, v.patientCutoffHours],
        `a visit type with code ${v.code} already exists`,
      );
      return { ...row, forms: [] as Array<z.infer<typeof VisitForm>> };
    },

    /** Replace the forms due before visits of a type. */
    async setVisitForms(visitTypeId: string, forms: Array<z.infer<typeof VisitForm>>) {
      const { rowCount } = await db.query('SELECT 1 FROM visit_types WHERE id = $1 AND clinic_id = $2', [visitTypeId, clinicId]);
      if (!rowCount) throw new NotFoundError('no such visit type');
      const unique = [...new Map(forms.map((f) => [`${f.kind}/${f.formId}`, f])).values()];
      // one statement, so a concurrent reader sees the old list or the new one, never none
      await db.query(
        `WITH gone AS (DELETE FROM visit_type_forms WHERE visit_type_id = $1)
         INSERT INTO visit_type_forms (visit_type_id, kind, form_id, due_hours_before)
         SELECT $1, k, f, d FROM unnest($2::text[], $3::text[], $4::smallint[]) AS x(k, f, d)`,
        [visitTypeId, unique.map((f) => f.kind), unique.map((f) => f.formId), unique.map((f) => f.dueHoursBefore)],
      );
      return unique;
    },

    async createTemplate(t: z.infer<typeof CreateTemplate>) {
      await assertOwn('providers', t.providerId, 'providerId');
      await assertOwn('appointment_locations', t.locationId, 'locationId');
      await assertOwn('visit_types', t.visitTypeId, 'visitTypeId');
      const { rows } = await db.query<TemplateRow>(
        `INSERT INTO availability_templates (clinic_id, provider_id, location_id, visit_type_id, weekday, start_time, end_time, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${TEMPLATE}`,
        [clinicId, t.providerId, t.locationId, t.visitTypeId, t.weekday, t.startTime, t.endTime, t.validFrom, t.validUntil ?? null],
      );
      return rows[0]!;
    },

    async listTemplates() {
      const { rows } = await db.query<TemplateRow>(`SELECT ${TEMPLATE} FROM availability_templates WHERE clinic_id = $1 ORDER BY active DESC, provider_id, weekday, start_time`, [clinicId]);
      return rows;
    },

    /**
     * Stop a template and remove its future slots nobody booked (a booked visit stays: cancelling
     * it is a decision for staff, with the patient).
     * @returns how many slots were removed
     */
    async deactivateTemplate(templateId: string, now: Date): Promise<number> {
      const r = await db.query('UPDATE availability_templates SET active = false WHERE id = $1 AND clinic_id = $2', [templateId, clinicId]);
      if (!r.rowCount) throw new NotFoundError('no such template');
      const removed = await db.query(
        `DELETE FROM appointment_slots s WHERE s.template_id = $1 AND s.starts_at > $2
            AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id)`,
        [templateId, now],
      );
      return removed.rowCount ?? 0;
    },
  };
}

export type CatalogRepo = ReturnType<typeof catalogRepo>;
