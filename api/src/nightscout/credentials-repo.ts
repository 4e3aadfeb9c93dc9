import type pg from 'pg';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import type { Role } from '../auth/principal.ts';

export interface CredentialView {
  id: string;
  label: string;
  access: 'read' | 'readwrite';
  issuedBy: string;
  createdAt: string;
  lastUsedAt: string | null;
}

interface Row {
  id: string;
  label: string;
  can_write: boolean;
  issued_by_name: string;
  created_at: Date;
  last_used_at: Date | null;
}

const view = (r: Row): CredentialView => ({ id: r.id, label: r.label, access: r.can_write ? 'readwrite' : 'read', issuedBy: r.issued_by_name, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null });
const SELECT = `SELECT c.id, c.label, c.can_write, c.created_at, c.last_used_at, u.display_name AS issued_by_name FROM nightscout_credentials c JOIN users u ON u.id = c.issued_by`;

/** A patient's Nightscout credentials; every query is limited to the patient (the route checked access). */
export function credentialsRepo(db: pg.Pool, patientId: string) {
  return {
    async create(c: { issuedBy: string; label: string; canWrite: boolean; secretHash: string; now: Date }): Promise<CredentialView> {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO nightscout_credentials (patient_id, issued_by, label, secret_hash, can_write, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [patientId, c.issuedBy, c.label, c.secretHash, c.canWrite, c.now],
      );
      return (await this.list()).find((x) => x.id === rows[0]!.id)!;
    },
    async list(): Promise<CredentialView[]> {
      const { rows } = await db.query<Row>(`${SELECT} WHERE c.patient_id = $1 AND c.revoked_at IS NULL ORDER BY c.created_at DESC`, [patientId]);
      return rows.map(view);
    },
    /** @throws NotFoundError when the patient has no such live credential */
    async revoke(id: string, now: Date): Promise<void> {
      const r = await db.query('UPDATE nightscout_credentials SET revoked_at = $3 WHERE id = $1 AND patient_id = $2 AND revoked_at IS NULL', [id, patientId, now]);
      if (!r.rowCount) throw new NotFoundError('no such Nightscout credential');
    },
  };
}

/** A live credential found by its secret hash, with what the principal needs about its issuer. */
export interface CredentialMatch {
  id: string;
  patientId: string;
  canWrite: boolean;
  issuer: { userId: string; role: Role; clinicId: string | null; patientId: string | null };
}

/** Only touch last_used_at once a minute: a write per CGM upload (every 5 minutes per patient) adds up. */
const TOUCH_EVERY = '1 minute';

/** Find a live credential whose issuer's account is active; null when there is none. */
export async function findCredential(db: pg.Pool, secretHash: string, now: Date): Promise<CredentialMatch | null> {
  const { rows } = await db.query<{ id: string; patient_id: string; can_write: boolean; user_id: string; role: Role; clinic_id: string | null; user_patient_id: string | null }>(
    `UPDATE nightscout_credentials c SET last_used_at = CASE WHEN c.last_used_at IS NULL OR c.last_used_at < $2::timestamptz - $3::interval THEN $2 ELSE c.last_used_at END
       FROM users u
      WHERE c.secret_hash = $1 AND c.revoked_at IS NULL AND u.id = c.issued_by AND u.disabled_at IS NULL
      RETURNING c.id, c.patient_id, c.can_write, u.id AS user_id, u.role, u.clinic_id, u.patient_id AS user_patient_id`,
    [secretHash, now, TOUCH_EVERY],
  );
  const r = rows[0];
  return r ? { id: r.id, patientId: r.patient_id, canWrite: r.can_write, issuer: { userId: r.user_id, role: r.role, clinicId: r.clinic_id, patientId: r.user_patient_id } } : null;
}
