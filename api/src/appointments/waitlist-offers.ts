import type pg from 'pg';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import { localWhen, noticeToPatient } from './patient-notices.ts';
import { SLOT_SELECT, type SlotRow } from './slot-search.ts';

type Tx = pg.PoolClient;

/**
 * Lock a slot of the clinic for the rest of the transaction. Every change that books, frees or
 * offers a slot takes this lock first, so "is it held by a waitlist offer?" and "offer it to the
 * next patient" cannot interleave with a booking. (The double-booking guarantee itself does not
 * rest on it: the appointment constraints hold even without the lock.)
 * @throws NotFoundError when the clinic has no such slot
 */
export async function lockSlot(tx: Tx, slotId: string, clinicId: string): Promise<SlotRow> {
  const { rows } = await tx.query<SlotRow>(`${SLOT_SELECT} WHERE s.id = $1 AND s.clinic_id = $2 FOR UPDATE OF s`, [slotId, clinicId]);
  if (!rows[0]) throw new NotFoundError('no such slot');
  return rows[0];
}

/** Whether a live (pending, unexpired) offer holds the slot for someone other than this patient. */
export async function heldForAnother(tx: Tx, slotId: string, patientId: string, now: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
      WHERE o.slot_id = $1 AND o.status = 'pending' AND o.expires_at > $3 AND e.patient_id <> $2`,
    [slotId, patientId, now],
  );
  return (rowCount ?? 0) > 0;
}

/** The patient booked a slot they were offered: the offer is accepted, their entry served. */
export async function settleOwnOffer(tx: Tx, slotId: string, patientId: string, now: Date): Promise<void> {
  await tx.query(
    `WITH accepted AS (
       UPDATE waitlist_offers o SET status = 'accepted', responded_at = $3 FROM waitlist_entries e
        WHERE e.id = o.entry_id AND o.slot_id = $1 AND e.patient_id = $2 AND o.status = 'pending'
       RETURNING o.entry_id)
     UPDATE waitlist_entries SET status = 'booked' WHERE id IN (SELECT entry_id FROM accepted)`,
    [slotId, patientId, now],
  );
}

/** Offers left pending past their expiry become expired, and their entries wait again. */
export async function expireStaleOffers(tx: Tx, now: Date, slotId: string | null = null): Promise<string[]> {
  const { rows } = await tx.query<{ slot_id: string }>(
    `WITH expired AS (
       UPDATE waitlist_offers SET status = 'expired' WHERE status = 'pending' AND expires_at <= $1 AND ($2::uuid IS NULL OR slot_id = $2)
       RETURNING entry_id, slot_id),
     requeued AS (UPDATE waitlist_entries SET status = 'waiting' WHERE status = 'offered' AND id IN (SELECT entry_id FROM expired))
     SELECT DISTINCT slot_id FROM expired`,
    [now, slotId],
  );
  return rows.map((r) => r.slot_id);
}

export interface WaitlistOfferMade {
  offerId: string;
  entryId: string;
  patientId: string;
  expiresAt: Date;
}

/**
 * Offer a freed slot to the first patient waiting for it: same clinic and visit type, the slot's
 * provider or any, the slot's local date inside their range, never offered this slot before, free
 * at that time. The offer holds the slot for `holdMinutes` (never past the visit type's online
 * cutoff, after which the patient could not book it); they are told in the portal.
 * Nothing is offered when the slot is taken, already held, or too close to start.
 *
 * @returns the offer, or null when nobody gets one
 */
export async function offerFreedSlot(tx: Tx, slotId: string, clinicId: string, now: Date, holdMinutes: number): Promise<WaitlistOfferMade | null> {
  const slot = await lockSlot(tx, slotId, clinicId);
  await expireStaleOffers(tx, now, slotId);
  const deadline = slot.starts_at.getTime() - slot.patient_cutoff_hours * 3_600_000;
  if (!slot.bookable || deadline <= now.getTime()) return null;
  const { rows } = await tx.query<{ id: string; patient_id: string }>(
    `SELECT e.id, e.patient_id FROM waitlist_entries e
      WHERE e.clinic_id = $1 AND e.status = 'waiting' AND e.visit_type_id = $2 AND (e.provider_id IS NULL OR e.provider_id = $3)
        AND (($5::timestamptz AT TIME ZONE $7)::date BETWEEN e.earliest AND e.latest)
        AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE o.entry_id = e.id AND o.slot_id = $4)
        AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE o.slot_id = $4 AND o.status = 'pending')
        AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.status <> 'cancelled'
                          AND (a.slot_id = $4 OR (a.provider_id = $3 AND tstzrange(a.starts_at, a.ends_at) && tstzrange($5, $6))
                               OR (a.patient_id = e.patient_id AND tstzrange(a.starts_at, a.ends_at) && tstzrange($5, $6))))
      ORDER BY e.created_at, e.id
      LIMIT 1
      FOR UPDATE OF e SKIP LOCKED`,
    [clinicId, slot.visit_type_id, slot.provider_id, slot.id, slot.starts_at, slot.ends_at, slot.timezone],
  );
  const entry = rows[0];
  if (!entry) return null;
  const expiresAt = new Date(Math.min(now.getTime() + holdMinutes * 60_000, deadline));
  const offer = await tx.query<{ id: string }>(`INSERT INTO waitlist_offers (entry_id, slot_id, offered_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`, [entry.id, slot.id, now, expiresAt]);
  await tx.query(`UPDATE waitlist_entries SET status = 'offered' WHERE id = $1`, [entry.id]);
  await noticeToPatient(tx, {
    patientId: entry.patient_id,
    kind: 'appointment_change',
    title: `An earlier time is available: ${slot.vt_name}, ${localWhen(slot.starts_at, slot.timezone)}. Accept it by ${localWhen(expiresAt, slot.timezone)}.`,
    link: '/appointments/waitlist',
    at: now,
  });
  return { offerId: offer.rows[0]!.id, entryId: entry.id, patientId: entry.patient_id, expiresAt };
}
