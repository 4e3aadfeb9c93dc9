import type pg from 'pg';
import { ConflictError, NotFoundError } from '../../../common/src/errors/index.ts';
import { inTransaction } from '../identity/transaction.ts';
import { iso, isoOrNull } from '../portal-records/http.ts';

interface DocumentRow {
  id: string;
  kind: 'rpm_program';
  version: number;
  title: string;
  body: string;
}

interface ConsentRow {
  id: string;
  document_id: string;
  kind: 'rpm_program';
  version: number;
  title: string;
  signed_at: Date;
  signer_name: string;
  ended_at: Date | null;
  ended_how: 'revoked' | 'superseded' | null;
  end_note: string | null;
}

const CONSENT_SELECT = `
  SELECT c.id, c.document_id, d.kind, d.version, d.title, c.signed_at, c.signer_name, c.ended_at, c.ended_how, c.end_note
    FROM consents c JOIN consent_documents d ON d.id = c.document_id`;

const toConsent = (r: ConsentRow) => ({
  id: r.id,
  document: { id: r.document_id, kind: r.kind, version: r.version, title: r.title },
  status: r.ended_how ?? ('active' as const),
  signedAt: iso(r.signed_at),
  signedBy: r.signer_name,
  endedAt: isoOrNull(r.ended_at),
  endNote: r.end_note,
});

/** The current version of each consent document. */
async function currentDocuments(db: pg.Pool | pg.PoolClient) {
  const { rows } = await db.query<DocumentRow>('SELECT DISTINCT ON (kind) id, kind, version, title, body FROM consent_documents ORDER BY kind, version DESC');
  return rows;
}

/**
 * A patient's consents. Nothing is ever deleted: revoking, or signing a newer version of the same
 * document, ends the earlier consent and keeps it in the history.
 */
export function patientConsents(db: pg.Pool, patientId: string) {
  const byId = async (q: pg.Pool | pg.PoolClient, id: string) => {
    const { rows } = await q.query<ConsentRow>(`${CONSENT_SELECT} WHERE c.id = $1 AND c.patient_id = $2`, [id, patientId]);
    if (!rows[0]) throw new NotFoundError('no such consent');
    return toConsent(rows[0]);
  };

  return {
    async list() {
      const [documents, consents] = await Promise.all([currentDocuments(db), db.query<ConsentRow>(`${CONSENT_SELECT} WHERE c.patient_id = $1 ORDER BY c.signed_at DESC, d.kind`, [patientId])]);
      return { documents, consents: consents.rows.map(toConsent) };
    },

    /**
     * Sign the current version of a document, superseding an active consent to an older version.
     *
     * @throws NotFoundError for an unknown document
     * @throws ConflictError for an outdated version, or when this version is already signed
     */
    async sign(documentId: string, signerId: string, now: Date) {
      return inTransaction(db, async (tx) => {
        const current = (await currentDocuments(tx)).find((d) => d.id === documentId);
        if (!current) {
          const known = await tx.query('SELECT 1 FROM consent_documents WHERE id = $1', [documentId]);
          if (known.rowCount) throw new ConflictError('a newer version of this document exists: sign that one');
          throw new NotFoundError('no such consent document');
        }
        // lock the active consent of this kind, so two signatures cannot both supersede it
        const { rows: active } = await tx.query<{ id: string; document_id: string }>('SELECT id, document_id FROM consents WHERE patient_id = $1 AND kind = $2 AND ended_at IS NULL FOR UPDATE', [patientId, current.kind]);
        if (active[0]?.document_id === documentId) throw new ConflictError('this consent is already signed');
        if (active[0]) {
          await tx.query(`UPDATE consents SET ended_at = $2, ended_by = $3, ended_how = 'superseded', end_note = $4 WHERE id = $1`, [active[0].id, now, signerId, `superseded by version ${current.version}`]);
        }
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO consents (patient_id, document_id, kind, signed_at, signed_by, signer_name)
           SELECT $1, $2, $3, $4, u.id, u.display_name FROM users u WHERE u.id = $5
           ON CONFLICT (patient_id, kind) WHERE ended_at IS NULL DO NOTHING RETURNING id`,
          [patientId, documentId, current.kind, now, signerId],
        );
        // consents_active_key (one active consent per kind) turned away a concurrent signature
        if (!rows[0]) throw new ConflictError('this consent was just signed in another session');
        return byId(tx, rows[0].id);
      });
    },

    /**
     * Revoke an active consent; it stays in the history with the time and reason.
     *
     * @throws NotFoundError for an unknown consent
     * @throws ConflictError when it has already ended
     */
    async revoke(consentId: string, reason: string | undefined, by: string, now: Date) {
      const { rowCount } = await db.query(
        `UPDATE consents SET ended_at = $3, ended_by = $4, ended_how = 'revoked', end_note = $5 WHERE id = $1 AND patient_id = $2 AND ended_at IS NULL`,
        [consentId, patientId, now, by, reason ?? null],
      );
      if (!rowCount) {
        const existing = await byId(db, consentId);
        throw new ConflictError(`this consent was already ${existing.status}`);
      }
      return byId(db, consentId);
    },
  };
}
