import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import { inTransaction } from '../identity/transaction.ts';
import { UnprocessableError } from '../portal-records/errors.ts';
import { DEFAULT_NOTIFICATION_PREFERENCES, type ContactChannel, type ProfileUpdate } from './schemas.ts';
import { CODE_TTL_MINUTES, MAX_ATTEMPTS, checkCode, hashCode, type CodeCheck } from './verification-code.ts';

interface ProfileRow {
  patient_id: string;
  given_name: string;
  family_name: string;
  email: string | null;
  phone: string | null;
  address: never | null;
  language: string | null;
  pharmacy_id: string | null;
  pharmacy_name: string | null;
  emergency_contact: never | null;
  notification_prefs: never | null;
  pending: Array<{ channel: ContactChannel; value: string; expiresAt: string }>;
}

/** Profile fields stored in patient_profiles, by their API name. */
const PROFILE_COLUMNS = {
  address: 'address',
  language: 'language',
  preferredPharmacyId: 'preferred_pharmacy_id',
  emergencyContact: 'emergency_contact',
  notificationPreferences: 'notification_prefs',
} as const satisfies Partial<Record<keyof ProfileUpdate, string>>;
type ProfileField = keyof typeof PROFILE_COLUMNS;
const JSON_FIELDS: ReadonlySet<ProfileField> = new Set(['address', 'emergencyContact', 'notificationPreferences']);

/** A patient's profile: contact details, preferences, and contact changes waiting for their code. */
export function profileRepo(db: pg.Pool, patientId: string) {
  return {
    async read(now: Date) {
      const { rows } = await db.query<ProfileRow>(
        `SELECT p.id AS patient_id, p.given_name, p.family_name, p.email, p.phone,
                pp.address, pp.language, ph.id AS pharmacy_id, ph.name AS pharmacy_name, pp.emergency_contact, pp.notification_prefs,
                COALESCE((SELECT json_agg(json_build_object('channel', v.channel, 'value', v.value, 'expiresAt', v.expires_at) ORDER BY v.channel)
                            FROM contact_verifications v
                           WHERE v.patient_id = p.id AND v.verified_at IS NULL AND v.replaced_at IS NULL AND v.expires_at > $2 AND v.attempts < $3), '[]') AS pending
           FROM patients p
           LEFT JOIN patient_profiles pp ON pp.patient_id = p.id
           LEFT JOIN pharmacies ph ON ph.id = pp.preferred_pharmacy_id
          WHERE p.id = $1`,
        [patientId, now, MAX_ATTEMPTS],
      );
      const r = rows[0];
      if (!r) throw new NotFoundError('no such patient');
      return {
        patientId: r.patient_id,
        name: `${r.given_name} ${r.family_name}`,
        email: r.email,
        phone: r.phone,
        address: r.address,
        language: r.language ?? 'en',
        preferredPharmacy: r.pharmacy_id ? { id: r.pharmacy_id, name: r.pharmacy_name! } : null,
        emergencyContact: r.emergency_contact,
        notificationPreferences: r.notification_prefs ?? DEFAULT_NOTIFICATION_PREFERENCES,
        pendingVerifications: r.pending.map((v) => ({ ...v, expiresAt: new Date(v.expiresAt).toISOString() })),
      };
    },

    /**
     * Apply the fields that need no verification; fields left undefined keep their value, null clears.
     *
     * @throws UnprocessableError for a pharmacy that is not in the directory
     */
    async update(u: Pick<ProfileUpdate, ProfileField>, now: Date) {
      const fields = (Object.keys(PROFILE_COLUMNS) as ProfileField[]).filter((f) => u[f] !== undefined);
      if (!fields.length) return;
      if (u.preferredPharmacyId && !(await db.query('SELECT 1 FROM pharmacies WHERE id = $1', [u.preferredPharmacyId])).rowCount) {
        throw new UnprocessableError('no such pharmacy', { errors: [{ path: 'preferredPharmacyId', message: 'not in the pharmacy directory' }] });
      }
      const values = fields.map((f) => (JSON_FIELDS.has(f) && u[f] !== null ? JSON.stringify(u[f]) : u[f]));
      const columns = fields.map((f) => PROFILE_COLUMNS[f]);
      // column names come from PROFILE_COLUMNS only; values are parameters
      await db.query(
        `INSERT INTO patient_profiles (patient_id, updated_at, ${columns.join(', ')}) VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')})
         ON CONFLICT (patient_id) DO UPDATE SET updated_at = EXCLUDED.updated_at, ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
        [patientId, now, ...values],
      );
    },

    /** Start verifying a new email or phone; replaces an earlier pending one of the same channel. */
    async startVerification(channel: ContactChannel, value: string, code: string, by: string, now: Date) {
      const id = randomUUID();
      await inTransaction(db, async (tx) => {
        await tx.query('UPDATE contact_verifications SET replaced_at = $3 WHERE patient_id = $1 AND channel = $2 AND verified_at IS NULL AND replaced_at IS NULL', [patientId, channel, now]);
        await tx.query(
          `INSERT INTO contact_verifications (id, patient_id, channel, value, code_hash, expires_at, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, patientId, channel, value, hashCode(id, code), new Date(now.getTime() + CODE_TTL_MINUTES * 60_000), by, now],
        );
      });
    },

    /**
     * Check a code for the pending change of `channel`; on success the new value replaces the old
     * one. A wrong guess is counted (and committed) before the outcome is returned, so the attempt
     * limit holds however the caller reacts.
     *
     * @returns the outcome, and on success the previous value (to tell the old address)
     * @throws NotFoundError when nothing is pending for the channel
     */
    async verify(channel: ContactChannel, code: string, now: Date): Promise<{ outcome: CodeCheck; previous: string | null; value: string }> {
      return inTransaction(db, async (tx) => {
        const { rows } = await tx.query<{ id: string; value: string; code_hash: string; attempts: number; expires_at: Date }>(
          `SELECT id, value, code_hash, attempts, expires_at FROM contact_verifications
            WHERE patient_id = $1 AND channel = $2 AND verified_at IS NULL AND replaced_at IS NULL FOR UPDATE`,
          [patientId, channel],
        );
        const v = rows[0];
        if (!v) throw new NotFoundError(`no ${channel === 'sms' ? 'phone number' : 'email address'} change is waiting for a code`);
        const outcome = checkCode({ id: v.id, codeHash: v.code_hash, attempts: v.attempts, expiresAt: v.expires_at }, code, now);
        if (outcome !== 'ok') {
          await tx.query('UPDATE contact_verifications SET attempts = attempts + 1 WHERE id = $1', [v.id]);
          return { outcome, previous: null, value: v.value };
        }
        await tx.query('UPDATE contact_verifications SET verified_at = $2 WHERE id = $1', [v.id, now]);
        const column = channel === 'email' ? 'email' : 'phone';
        const { rows: before } = await tx.query<{ previous: string | null }>(`SELECT ${column} AS previous FROM patients WHERE id = $1 FOR UPDATE`, [patientId]);
        await tx.query(`UPDATE patients SET ${column} = $2 WHERE id = $1`, [patientId, v.value]);
        return { outcome, previous: before[0]?.previous ?? null, value: v.value };
      });
    },
  };
}
