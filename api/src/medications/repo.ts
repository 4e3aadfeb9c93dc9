import type pg from 'pg';
import { ConflictError, NotFoundError } from '../../../common/src/errors/index.ts';
import { isoOrNull, iso } from '../portal-records/http.ts';
import { UnprocessableError } from '../portal-records/errors.ts';
import { visibleFilter, type Visibility } from '../portal-records/visibility.ts';
import { OPEN_REFILL_STATUSES, refillStatus, type RefillStatus } from './refill-status.ts';
import { moveStatus } from '../portal-records/status-transition.ts';

interface MedicationRow {
  id: string;
  name: string;
  rxnorm_code: string | null;
  dose: string;
  route: string;
  frequency: string;
  prescriber_name: string;
  start_date: string;
  end_date: string | null;
  status: 'active';
}

interface RefillRow {
  id: string;
  patient_id: string;
  medication_id: string;
  medication_name: string;
  medication_dose: string;
  pharmacy_id: string;
  pharmacy_name: string;
  care_team_id: string | null;
  status: RefillStatus;
  patient_note: string | null;
  response_note: string | null;
  decided_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
  medication_category: string | null;
  medication_confidential: boolean;
}

const MEDICATION_COLUMNS = `m.id, m.name, m.rxnorm_code, m.dose, m.route, m.frequency, m.prescriber_name, m.start_date::text, m.end_date::text, m.status`;

const REFILL_SELECT = `
  SELECT r.id, r.patient_id, r.medication_id, m.name AS medication_name, m.dose AS medication_dose, r.pharmacy_id, ph.name AS pharmacy_name,
         r.care_team_id, r.status, r.patient_note, r.response_note, r.decided_at, r.sent_at, r.created_at, r.updated_at,
         m.category AS medication_category, m.confidential AS medication_confidential
    FROM refill_requests r JOIN medications m ON m.id = r.medication_id JOIN pharmacies ph ON ph.id = r.pharmacy_id`;

const toMedication = (r: MedicationRow) => ({
  id: r.id,
  name: r.name,
  rxnormCode: r.rxnorm_code,
  dose: r.dose,
  route: r.route,
  frequency: r.frequency,
  prescriber: r.prescriber_name,
  startDate: r.start_date,
  endDate: r.end_date,
  status: r.status,
});

const toRefill = (r: RefillRow) => ({
  id: r.id,
  patientId: r.patient_id,
  medication: { id: r.medication_id, name: r.medication_name, dose: r.medication_dose },
  pharmacy: { id: r.pharmacy_id, name: r.pharmacy_name },
  careTeamId: r.care_team_id,
  status: r.status,
  patientNote: r.patient_note,
  responseNote: r.response_note,
  decidedAt: isoOrNull(r.decided_at),
  sentAt: isoOrNull(r.sent_at),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});
export type RefillView = ReturnType<typeof toRefill>;

export interface NewMedicationInput {
  name: string;
  rxnormCode?: string | undefined;
  dose: string;
  route: string;
  frequency: string;
  startDate: string;
  endDate?: string | undefined;
  status: string;
  category?: string | undefined;
  confidential: boolean;
}

/** The pharmacy directory patients choose from. */
export async function listPharmacies(db: pg.Pool) {
  const { rows } = await db.query<{ id: string; name: string; ncpdp_id: string | null; address: string; phone: string | null }>('SELECT id, name, ncpdp_id, address, phone FROM pharmacies ORDER BY name');
  return rows.map((p) => ({ id: p.id, name: p.name, ncpdpId: p.ncpdp_id, address: p.address, phone: p.phone }));
}

/**
 * One patient's medications and refill requests, limited to what the access decision lets the
 * viewer see: a medication of a hidden sensitive category (and its refills) does not exist for them.
 */
export function patientMedications(db: pg.Pool, patientId: string, visibility: Visibility) {
  const visible = (first: number) => visibleFilter(visibility, { category: 'm.category', confidential: 'm.confidential' }, first);

  const refillById = async (id: string) => {
    const f = visible(3);
    const { rows } = await db.query<RefillRow>(`${REFILL_SELECT} WHERE r.id = $1 AND r.patient_id = $2 AND ${f.sql}`, [id, patientId, ...f.params]);
    if (!rows[0]) throw new NotFoundError('no such refill request');
    return rows[0];
  };

  return {
    async list() {
      const f = visible(2);
      const { rows } = await db.query<MedicationRow>(
        `SELECT ${MEDICATION_COLUMNS} FROM medications m WHERE m.patient_id = $1 AND ${f.sql}
          ORDER BY m.status = 'active' DESC, m.start_date DESC, m.name`,
        [patientId, ...f.params],
      );
      return rows.map(toMedication);
    },

    /** Add a medication prescribed by `prescriberId` (a clinician user). */
    async add(m: NewMedicationInput, prescriberId: string) {
      const { rows } = await db.query<MedicationRow>(
        `INSERT INTO medications AS m (patient_id, name, rxnorm_code, dose, route, frequency, prescriber_id, prescriber_name, start_date, end_date, status, category, confidential)
         SELECT $1, $2, $3, $4, $5, $6, u.id, u.display_name, $8, $9, $10, $11, $12 FROM users u WHERE u.id = $7
         RETURNING ${MEDICATION_COLUMNS}`,
        [patientId, m.name, m.rxnormCode ?? null, m.dose, m.route, m.frequency, prescriberId, m.startDate, m.endDate ?? null, m.status, m.category ?? null, m.confidential],
      );
      return toMedication(rows[0]!);
    },

    async refills() {
      const f = visible(2);
      const { rows } = await db.query<RefillRow>(`${REFILL_SELECT} WHERE r.patient_id = $1 AND ${f.sql} ORDER BY r.created_at DESC`, [patientId, ...f.params]);
      return rows.map(toRefill);
    },

    /**
     * Ask the care team for a refill of an active medication, to be sent to the given pharmacy or
     * the patient's preferred one. Routed to the care team of the prescriber when the patient is in
     * it, otherwise to the patient's longest-standing care team.
     *
     * @throws NotFoundError for a medication the viewer cannot see
     * @throws ConflictError when the medication is not active or a refill of it is already open
     * @throws UnprocessableError when no pharmacy is given and none is preferred, or it is unknown
     */
    async request(input: { medicationId: string; pharmacyId?: string | undefined; note?: string | undefined }, requestedBy: string, now: Date) {
      const f = visible(3);
      const { rows: meds } = await db.query<{ status: string; prescriber_id: string | null; preferred: string | null }>(
        `SELECT m.status, m.prescriber_id, (SELECT preferred_pharmacy_id FROM patient_profiles WHERE patient_id = m.patient_id) AS preferred
           FROM medications m WHERE m.id = $1 AND m.patient_id = $2 AND ${f.sql}`,
        [input.medicationId, patientId, ...f.params],
      );
      const med = meds[0];
      if (!med) throw new NotFoundError('no such medication');
      if (med.status !== 'active') throw new ConflictError(`only an active medication can be refilled (this one is ${med.status})`);
      const pharmacyId = input.pharmacyId ?? med.preferred;
      if (!pharmacyId) throw new UnprocessableError('choose a pharmacy: no preferred pharmacy is set', { errors: [{ path: 'pharmacyId', message: 'required when no preferred pharmacy is set' }] });
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO refill_requests (patient_id, medication_id, pharmacy_id, care_team_id, requested_by, patient_note, created_at, updated_at)
         SELECT $1, $2, ph.id,
                (SELECT tp.care_team_id FROM care_team_patients tp WHERE tp.patient_id = $1
                  ORDER BY EXISTS (SELECT 1 FROM care_team_members cm WHERE cm.care_team_id = tp.care_team_id AND cm.user_id = $6) DESC, tp.since, tp.care_team_id
                  LIMIT 1),
                $4, $5, $7, $7
           FROM pharmacies ph WHERE ph.id = $3
         ON CONFLICT (medication_id) WHERE status IN ('requested', 'approved') DO NOTHING
         RETURNING id`,
        [patientId, input.medicationId, pharmacyId, requestedBy, input.note ?? null, med.prescriber_id, now],
      );
      if (!rows[0]) {
        const pharmacy = await db.query('SELECT 1 FROM pharmacies WHERE id = $1', [pharmacyId]);
        if (!pharmacy.rowCount) throw new UnprocessableError('no such pharmacy', { errors: [{ path: 'pharmacyId', message: 'not in the pharmacy directory' }] });
        throw new ConflictError('a refill of this medication is already waiting on the care team');
      }
      return toRefill(await refillById(rows[0].id));
    },

    /**
     * Move a refill request on (approve, deny, send to pharmacy) with an optional message back.
     *
     * @returns the request, and the medication's visibility (for telling only those who may see it)
     * @throws NotFoundError for an unknown request
     * @throws ConflictError for an illegal move, or when someone else moved it first
     */
    async decide(refillId: string, to: RefillStatus, note: string | undefined, by: string, now: Date) {
      await refillById(refillId);
      const decided = to === 'approved' || to === 'denied';
      await moveStatus(db, refillStatus, {
        table: 'refill_requests',
        id: refillId,
        patientId,
        to,
        what: 'refill request',
        set: { updated_at: now, ...(note ? { response_note: note } : {}), ...(decided ? { decided_by: by, decided_at: now } : {}), ...(to === 'sent_to_pharmacy' ? { sent_at: now } : {}) },
      });
      const row = await refillById(refillId);
      // what the notification recipients are filtered on, like the medication itself
      return { refill: toRefill(row), item: { category: row.medication_category, adolescentConfidential: row.medication_confidential } };
    },
  };
}

/** Open refill requests routed to the care teams a clinician belongs to, oldest first. */
export async function refillQueue(db: pg.Pool, clinicianId: string) {
  const { rows } = await db.query<RefillRow>(
    `${REFILL_SELECT}
      WHERE r.status = ANY($2::text[]) AND EXISTS (SELECT 1 FROM care_team_members cm WHERE cm.care_team_id = r.care_team_id AND cm.user_id = $1)
      ORDER BY r.created_at`,
    [clinicianId, OPEN_REFILL_STATUSES],
  );
  return rows.map(toRefill);
}
