import type pg from 'pg';
import { ValidationError } from '../../../common/src/errors/index.ts';
import { inTransaction } from '../identity/transaction.ts';
import { loadFeatureSettings, PORTAL_FEATURES, resolveFeatures, type FeatureMap, type PortalFeature } from './portal-features.ts';

/** Changes to one level: true/false switch a feature; null removes the switch (back to the clinic's, or the default). */
export type FeatureChanges = Partial<Record<PortalFeature, boolean | null>>;

/** A clinic's switches as the admin screen shows them: in effect clinic-wide, and per department. */
export async function featureSettingsView(db: pg.Pool, clinicId: string) {
  const settings = await loadFeatureSettings(db, clinicId);
  const { rows: departments } = await db.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE clinic_id = $1 ORDER BY name', [clinicId]);
  return {
    clinicId,
    features: resolveFeatures(settings),
    departments: departments.map((d) => ({
      id: d.id,
      name: d.name,
      overrides: Object.fromEntries(settings.filter((s) => s.departmentId === d.id).map((s) => [s.feature, s.enabled])) as Partial<FeatureMap>,
      features: resolveFeatures(settings, d.id),
    })),
  };
}

/**
 * Apply switches to the clinic (departmentId null) or one of its departments, in one transaction.
 * @throws ValidationError when the department is not the clinic's
 */
export async function saveFeatureSettings(db: pg.Pool, s: { clinicId: string; departmentId: string | null; changes: FeatureChanges; by: string; now: Date }): Promise<void> {
  if (s.departmentId) {
    const { rowCount } = await db.query('SELECT 1 FROM departments WHERE id = $1 AND clinic_id = $2', [s.departmentId, s.clinicId]);
    if (!rowCount) throw new ValidationError('unknown department', [{ path: 'departmentId', message: 'no such department in your clinic' }]);
  }
  const set = PORTAL_FEATURES.filter((f) => typeof s.changes[f] === 'boolean');
  const cleared = PORTAL_FEATURES.filter((f) => s.changes[f] === null);
  await inTransaction(db, async (tx) => {
    await tx.query(
      `INSERT INTO portal_feature_settings (clinic_id, department_id, feature, enabled, updated_by, updated_at)
       SELECT $1, $2, f, e, $5, $6 FROM unnest($3::text[], $4::boolean[]) AS x(f, e)
       ON CONFLICT (clinic_id, department_id, feature) DO UPDATE SET enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [s.clinicId, s.departmentId, set, set.map((f) => s.changes[f]), s.by, s.now],
    );
    await tx.query('DELETE FROM portal_feature_settings WHERE clinic_id = $1 AND department_id IS NOT DISTINCT FROM $2 AND feature = ANY($3::text[])', [s.clinicId, s.departmentId, cleared]);
  });
}
