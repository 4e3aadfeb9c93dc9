import type pg from 'pg';
import type { z } from '@hono/zod-openapi';
import { ConflictError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';
import { inTransaction } from '../identity/transaction.ts';
import type { AppointmentRow } from './appointment-view.ts';
import { bookAppointment, type Actor, type BookingDeps } from './booking.ts';
import type { JoinWaitlist, WaitlistEntry } from './schemas.ts';
import { SLOT_SELECT, toSlot, type SlotRow } from './slot-search.ts';
import { expireStaleOffers, lockSlot, offerFreedSlot, type WaitlistOfferMade } from './waitlist-offers.ts';

type Tx = pg.PoolClient;

interface EntryRow {
  id: string;
  clinic_id: string;
  provider_id: string | null;
  visit_type_id: string;
  earliest: string;
  latest: string;
  status: 'waiting' | 'offered' | 'booked' | 'left';
  created_at: Date;
}

const ENTRY = `id, clinic_id, provider_id, visit_type_id, to_char(earliest, 'YYYY-MM-DD') AS earliest, to_char(latest, 'YYYY-MM-DD') AS latest, status, created_at`;

/**
 * Put a patient on the waitlist for a visit type (with one provider, or any) between two dates.
 * @throws ValidationError when the provider or visit type is not the patient's clinic's
 */
export async function joinWaitlist(db: pg.Pool, j: { patientId: string; request: z.infer<typeof JoinWaitlist>; by: string }): Promise<EntryRow> {
  const { rows } = await db.query<EntryRow>(
    `INSERT INTO waitlist_entries (clinic_id, patient_id, provider_id, visit_type_id, earliest, latest, created_by)
     SELECT pt.clinic_id, pt.id, $2, v.id, $4, $5, $6
       FROM patients pt JOIN visit_types v ON v.id = $3 AND v.clinic_id = pt.clinic_id AND v.active
      WHERE pt.id = $1 AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM providers p WHERE p.id = $2 AND p.clinic_id = pt.clinic_id AND p.active))
     RETURNING ${ENTRY}`,
    [j.patientId, j.request.providerId ?? null, j.request.visitTypeId, j.request.earliest, j.request.latest, j.by],
  );
  if (!rows[0]) throw new ValidationError('the request is not valid', [{ path: 'visitTypeId', message: "no such visit type (or provider) at the patient's clinic" }]);
  return rows[0];
}

/** The API shape of an entry, with its open offer if any. */
export function toWaitlistEntry(e: EntryRow, offer: z.infer<typeof WaitlistEntry>['offer'] = null): z.infer<typeof WaitlistEntry> {
  return { id: e.id, providerId: e.provider_id, visitTypeId: e.visit_type_id, earliest: e.earliest, latest: e.latest, status: e.status, createdAt: e.created_at.toISOString(), offer };
}

/** A patient's waitlist entries that still wait (or hold an offer), each with its live offer. */
export async function listWaitlist(db: Pick<pg.Pool, 'query'>, patientId: string, now: Date): Promise<Array<z.infer<typeof WaitlistEntry>>> {
  const [entries, offers] = await Promise.all([
    db.query<EntryRow>(`SELECT ${ENTRY} FROM waitlist_entries WHERE patient_id = $1 AND status IN ('waiting', 'offered') ORDER BY created_at`, [patientId]),
    db.query<SlotRow & { offer_id: string; entry_id: string; expires_at: Date }>(
      `SELECT o.id AS offer_id, o.entry_id, o.expires_at, slot.*
         FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id JOIN (${SLOT_SELECT}) slot ON slot.id = o.slot_id
        WHERE e.patient_id = $1 AND o.status = 'pending' AND o.expires_at > $2`,
      [patientId, now],
    ),
  ]);
  return entries.rows.map((e) => {
    const o = offers.rows.find((x) => x.entry_id === e.id);
    return toWaitlistEntry(e, o ? { id: o.offer_id, slot: toSlot(o), expiresAt: o.expires_at.toISOString() } : null);
  });
}

/**
 * One of the patient's offers, locked when `lock` (inside a transaction that answers it).
 * @throws NotFoundError
 */
async function findOffer(db: Pick<pg.Pool, 'query'>, patientId: string, offerId: string, lock: '' | 'FOR UPDATE OF o' = '') {
  const { rows } = await db.query<{ id: string; entry_id: string; slot_id: string; clinic_id: string; status: string; expires_at: Date }>(
    `SELECT o.id, o.entry_id, o.slot_id, e.clinic_id, o.status, o.expires_at FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
      WHERE o.id = $1 AND e.patient_id = $2 ${lock}`,
    [offerId, patientId],
  );
  if (!rows[0]) throw new NotFoundError('no such offer');
  return rows[0];
}

const EXPIRED = 'this offer has expired; the time was offered to the next patient on the waitlist';

/**
 * Accept an offer: the slot is booked for the patient (the offer held it for them alone). An
 * offer found past its time is passed on to the next patient there and then.
 * @throws NotFoundError; ConflictError when the offer expired, was answered, or the time is gone
 */
export async function acceptOffer(deps: BookingDeps, a: { patientId: string; offerId: string; actor: Actor; now: Date }): Promise<AppointmentRow> {
  const offer = await findOffer(deps.db, a.patientId, a.offerId);
  if (offer.status === 'pending' && offer.expires_at <= a.now) {
    await inTransaction(deps.db, (tx) => offerFreedSlot(tx, offer.slot_id, offer.clinic_id, a.now, deps.offerHoldMinutes));
    throw new ConflictError(EXPIRED);
  }
  if (offer.status === 'expired') throw new ConflictError(EXPIRED);
  if (offer.status !== 'pending') throw new ConflictError(`this offer was already ${offer.status}`);
  // booking settles the offer (accepted, entry booked) in its own transaction, under the slot lock
  return bookAppointment(deps, { patientId: a.patientId, slotId: offer.slot_id, reason: null, actor: a.actor, now: a.now });
}

/**
 * Answer no to an offer (or leave the waitlist with one open): it is declined or withdrawn and the
 * slot goes to the next patient. Locks the slot before the offer, the order booking uses, so the
 * two cannot deadlock.
 * @throws ConflictError when the offer is no longer open
 */
async function releaseOffer(tx: Tx, patientId: string, offerId: string, status: 'declined' | 'withdrawn', now: Date, holdMinutes: number) {
  const found = await findOffer(tx, patientId, offerId);
  await lockSlot(tx, found.slot_id, found.clinic_id);
  const offer = await findOffer(tx, patientId, offerId, 'FOR UPDATE OF o');
  if (offer.status !== 'pending' || offer.expires_at <= now) throw new ConflictError('this offer is no longer open');
  await tx.query(`UPDATE waitlist_offers SET status = $2, responded_at = $3 WHERE id = $1`, [offer.id, status, now]);
  return offerFreedSlot(tx, offer.slot_id, offer.clinic_id, now, holdMinutes);
}

/**
 * Decline an offer. The patient stays on the waitlist for other times; the slot is offered on.
 * @throws NotFoundError; ConflictError when the offer is no longer open
 */
export async function declineOffer(deps: BookingDeps, d: { patientId: string; offerId: string; now: Date }): Promise<WaitlistOfferMade | null> {
  return inTransaction(deps.db, async (tx) => {
    const next = await releaseOffer(tx, d.patientId, d.offerId, 'declined', d.now, deps.offerHoldMinutes);
    await tx.query(`UPDATE waitlist_entries e SET status = 'waiting' FROM waitlist_offers o WHERE o.id = $1 AND e.id = o.entry_id AND e.status = 'offered'`, [d.offerId]);
    return next;
  });
}

/**
 * Leave the waitlist. An open offer on the entry is withdrawn and passed to the next patient.
 * @throws NotFoundError
 */
export async function leaveWaitlist(deps: BookingDeps, l: { patientId: string; entryId: string; now: Date }): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(`SELECT o.id FROM waitlist_offers o WHERE o.entry_id = $1 AND o.status = 'pending' AND o.expires_at > $2`, [l.entryId, l.now]);
    for (const offer of rows) await releaseOffer(tx, l.patientId, offer.id, 'withdrawn', l.now, deps.offerHoldMinutes);
    const { rowCount } = await tx.query(`UPDATE waitlist_entries SET status = 'left' WHERE id = $1 AND patient_id = $2 AND status IN ('waiting', 'offered')`, [l.entryId, l.patientId]);
    if (!rowCount) throw new NotFoundError('no such waitlist entry');
  });
}

/**
 * Expire every offer past its time and offer each slot to the next waiting patient: one short
 * transaction per slot, slot locked first. Run by the scheduling maintenance job; also safe to
 * run anywhere, any number of times, concurrently.
 * @returns how many offers expired and how many new ones were made
 */
export async function expireWaitlistOffers(deps: BookingDeps, now: Date): Promise<{ expired: number; offered: number }> {
  const { rows } = await deps.db.query<{ slot_id: string; clinic_id: string }>(
    `SELECT DISTINCT o.slot_id, s.clinic_id FROM waitlist_offers o JOIN appointment_slots s ON s.id = o.slot_id
      WHERE o.status = 'pending' AND o.expires_at <= $1 ORDER BY o.slot_id`,
    [now],
  );
  let expired = 0;
  let offered = 0;
  for (const r of rows) {
    await inTransaction(deps.db, async (tx) => {
      await lockSlot(tx, r.slot_id, r.clinic_id);
      expired += (await expireStaleOffers(tx, now, r.slot_id)).length;
      if (await offerFreedSlot(tx, r.slot_id, r.clinic_id, now, deps.offerHoldMinutes)) offered++;
    });
  }
  return { expired, offered };
}
