import type pg from 'pg';
import { USERS } from '../../../../db/src/seed-data.ts';

/** The demo proxy (Anna Schmidt), whom tests make a proxy of other demo patients. */
export const DEMO_PROXY = USERS.find((u) => u.role === 'proxy')!;

/**
 * Make a demo user a proxy of a patient for a test (replacing an earlier grant between them).
 *
 * @param opts.scopes - proxy scopes, e.g. `['medications']`
 * @param opts.shared - sensitive categories the patient shares with proxies
 */
export async function grantProxy(db: pg.Pool, patientId: string, opts: { scopes: string[]; proxyUserId?: string; isParent?: boolean; shared?: string[] }): Promise<void> {
  const proxy = opts.proxyUserId ?? DEMO_PROXY.id;
  await db.query('UPDATE proxy_grants SET revoked_at = now() WHERE proxy_user_id = $1 AND patient_id = $2 AND revoked_at IS NULL', [proxy, patientId]);
  await db.query('INSERT INTO proxy_grants (proxy_user_id, patient_id, relationship, scopes, is_parent) VALUES ($1, $2, $3, $4, $5)', [proxy, patientId, 'caregiver', opts.scopes, opts.isParent ?? false]);
  await db.query('DELETE FROM patient_privacy WHERE patient_id = $1', [patientId]);
  for (const category of opts.shared ?? []) {
    await db.query('INSERT INTO patient_privacy (patient_id, category, share_with_proxies) VALUES ($1, $2, true)', [patientId, category]);
  }
}
