import type pg from 'pg';
import { ConflictError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';
import { assertFeatureEnabled } from '../clinic-config/portal-features.ts';
import { inTransaction } from '../identity/transaction.ts';
import { loadAppointment, type AppointmentRow } from './appointment-view.ts';
import { assertInsideChangeWindow, type ActorMode } from './change-window.ts';
import type { SlotRow } from './slot-search.ts';
import { newVideoToken } from './video-link.ts';
import { heldForAnother, lockSlot, offerFreedSlot, settleOwnOffer, type WaitlistOfferMade } from './waitlist-offers.ts';

type Tx = pg.PoolClient;

/** Who changes an appointment, and under which rules (see ActorMode). */
export interface Actor {
  userId: string;
  mode: ActorMode;
}

export interface BookingDeps {
  db: pg.Pool;
  /** How long a slot freed by a cancellation is held for the next waitlisted patient. */
  offerHoldMinutes: number;
}

/** The result of a change that may free a slot: the appointment, and the waitlist offer it caused. */
export interface ChangeResult {
  appointment: AppointmentRow;
  offer: WaitlistOfferMade | null;
}

/**
 * Turn a violation of the appointment constraints into a 409. They are the double-booking
 * guarantee: two requests racing for one slot (or for overlapping times of one provider) both pass
 * every check above, and exactly one insert commits.
 */
function asBookingConflict(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' || e.code === '23P01') {
    if (e.constraint === 'appointments_patient_no_overlap') throw new ConflictError('the patient already has a visit at that time', { cause: err });
    throw new ConflictError('this time was just booked by someone else; please choose another', { cause: err });
  }
  throw err;
}

async function patientClinic(tx: Tx, patientId: string): Promise<string> {
  const { rows } = await tx.query<{ clinic_id: string }>('SELECT clinic_id FROM patients WHERE id = $1', [patientId]);
  if (!rows[0]) throw new NotFoundError('no such patient');
  return rows[0].clinic_id;
}

/**
 * The checks a slot must pass before a patient is put in it (the constraints then settle races).
 * @throws NotFoundError, ConflictError, CallTheClinicError, FeatureDisabledError
 */
async function assertBookable(tx: Tx, slot: SlotRow, patientId: string, actor: Actor, now: Date): Promise<void> {
  if (!slot.bookable) throw new NotFoundError('this slot is no longer offered');
  if (slot.starts_at <= now) throw new ConflictError('this time has passed');
  assertInsideChangeWindow(actor.mode, { startsAt: slot.starts_at, cutoffHours: slot.patient_cutoff_hours, phone: slot.phone }, now);
  // the clinic-wide switch was checked by requireFeature; a department can switch itself off
  if (actor.mode === 'patient') await assertFeatureEnabled(tx, { clinicId: slot.clinic_id, departmentId: slot.department_id, phone: slot.phone }, 'self_scheduling');
  if (await heldForAnother(tx, slot.id, patientId, now)) throw new ConflictError('this time is being offered to a patient on the waitlist; please choose another');
}

/** Whether the appointment can still change at all (booked, not started). */
function assertChangeable(a: AppointmentRow, now: Date): void {
  if (a.status !== 'booked') throw new ConflictError(`this appointment is ${a.status.replace('_', ' ')}`);
  if (a.starts_at <= now) throw new ConflictError('this visit has already started');
}

/**
 * Book a slot for a patient. Video visits get their unguessable room link here.
 * @throws NotFoundError, ConflictError (taken, held, passed), CallTheClinicError, FeatureDisabledError
 */
export async function bookAppointment(deps: BookingDeps, b: { patientId: string; slotId: string; reason: string | null; actor: Actor; now: Date }): Promise<AppointmentRow> {
  return inTransaction(deps.db, async (tx) => {
    const slot = await lockSlot(tx, b.slotId, await patientClinic(tx, b.patientId));
    await assertBookable(tx, slot, b.patientId, b.actor, b.now);
    const { rows } = await tx
      .query<{ id: string }>(
        `INSERT INTO appointments (clinic_id, patient_id, slot_id, provider_id, location_id, visit_type_id, starts_at, ends_at, reason, video_token, booked_by, booked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [slot.clinic_id, b.patientId, slot.id, slot.provider_id, slot.location_id, slot.visit_type_id, slot.starts_at, slot.ends_at, b.reason, slot.modality === 'video' ? newVideoToken() : null, b.actor.userId, b.now],
      )
      .catch(asBookingConflict);
    await settleOwnOffer(tx, slot.id, b.patientId, b.now);
    return loadAppointment(tx, b.patientId, rows[0]!.id);
  });
}

/**
 * Cancel an appointment and offer the freed slot to the waitlist.
 * @throws NotFoundError, ConflictError (not booked, started), CallTheClinicError
 */
export async function cancelAppointment(deps: BookingDeps, c: { patientId: string; appointmentId: string; reason: string | null; actor: Actor; now: Date }): Promise<ChangeResult> {
  return inTransaction(deps.db, async (tx) => {
    const found = await loadAppointment(tx, c.patientId, c.appointmentId);
    // slot first, then appointment: the same lock order as booking, so the two never deadlock
    await lockSlot(tx, found.slot_id, found.clinic_id);
    const a = await loadAppointment(tx, c.patientId, c.appointmentId, 'FOR UPDATE OF a');
    assertChangeable(a, c.now);
    assertInsideChangeWindow(c.actor.mode, { startsAt: a.starts_at, cutoffHours: a.patient_cutoff_hours, phone: a.phone }, c.now);
    await tx.query(
      `UPDATE appointments SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3, cancel_reason = $4, sequence = sequence + 1 WHERE id = $1`,
      [a.id, c.now, c.actor.userId, c.reason],
    );
    const offer = await offerFreedSlot(tx, a.slot_id, a.clinic_id, c.now, deps.offerHoldMinutes);
    return { appointment: await loadAppointment(tx, c.patientId, a.id), offer };
  });
}

/**
 * Move an appointment to another open slot of the same visit type, keeping its id (so its calendar
 * event and reminder move with it), and offer the old slot to the waitlist.
 * @throws NotFoundError, ValidationError (other visit type), ConflictError, CallTheClinicError
 */
export async function rescheduleAppointment(deps: BookingDeps, r: { patientId: string; appointmentId: string; slotId: string; actor: Actor; now: Date }): Promise<ChangeResult> {
  return inTransaction(deps.db, async (tx) => {
    const found = await loadAppointment(tx, r.patientId, r.appointmentId);
    if (found.slot_id === r.slotId) throw new ConflictError('the appointment is already at that time');
    // both slots, in id order, so two reschedules crossing the same pair of slots cannot deadlock
    const locked = new Map<string, SlotRow>();
    for (const id of [found.slot_id, r.slotId].sort()) locked.set(id, await lockSlot(tx, id, found.clinic_id));
    const target = locked.get(r.slotId)!;
    const a = await loadAppointment(tx, r.patientId, r.appointmentId, 'FOR UPDATE OF a');
    assertChangeable(a, r.now);
    assertInsideChangeWindow(r.actor.mode, { startsAt: a.starts_at, cutoffHours: a.patient_cutoff_hours, phone: a.phone }, r.now);
    if (target.visit_type_id !== a.visit_type_id) throw new ValidationError('the request is not valid', [{ path: 'slotId', message: `choose a slot for the same kind of visit (${a.vt_name})` }]);
    await assertBookable(tx, target, r.patientId, r.actor, r.now);
    await tx
      .query(
        `UPDATE appointments SET slot_id = $2, provider_id = $3, location_id = $4, starts_at = $5, ends_at = $6, sequence = sequence + 1, reminder_sent_for = NULL WHERE id = $1`,
        [a.id, target.id, target.provider_id, target.location_id, target.starts_at, target.ends_at],
      )
      .catch(asBookingConflict);
    await settleOwnOffer(tx, target.id, r.patientId, r.now);
    const offer = await offerFreedSlot(tx, a.slot_id, a.clinic_id, r.now, deps.offerHoldMinutes);
    return { appointment: await loadAppointment(tx, r.patientId, a.id), offer };
  });
}
