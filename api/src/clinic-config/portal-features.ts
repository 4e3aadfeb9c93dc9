import type pg from 'pg';
import { AppError } from '../../../common/src/errors/index.ts';

/**
 * Portal features a clinic can switch on or off. Adding one here (with its default and label) is
 * all it takes: settings are stored by name, and the portal lists what `/v1/portal/features` says.
 */
export const PORTAL_FEATURES = ['self_scheduling', 'online_payment', 'messaging', 'proxy_access', 'questionnaires', 'test_results', 'medications', 'device_readings'] as const;
export type PortalFeature = (typeof PORTAL_FEATURES)[number];
export type FeatureMap = Record<PortalFeature, boolean>;

/** What a clinic gets before it has chosen: everything on. */
export const FEATURE_DEFAULTS: Readonly<FeatureMap> = Object.freeze(Object.fromEntries(PORTAL_FEATURES.map((f) => [f, true])) as FeatureMap);

/** Plain-language names, for the message a patient sees when a feature is off. */
export const FEATURE_LABELS: Readonly<Record<PortalFeature, string>> = Object.freeze({
  self_scheduling: 'Online scheduling',
  online_payment: 'Online payment',
  messaging: 'Messaging',
  proxy_access: 'Proxy access',
  questionnaires: 'Online questionnaires',
  test_results: 'Test results',
  medications: 'Medications and refills',
  device_readings: 'Device readings',
});

export const isPortalFeature = (name: string): name is PortalFeature => (PORTAL_FEATURES as readonly string[]).includes(name);

/** A stored switch: clinic-wide when departmentId is null. */
export interface FeatureSetting {
  departmentId: string | null;
  feature: string;
  enabled: boolean;
}

/**
 * The features in effect for a clinic, or for one of its departments. The clinic's switch is the
 * master switch (falling back to the default); a department can only switch a feature off for
 * itself. That way a clinic-wide check (the requireFeature middleware, before the department is
 * known) never allows what a department-level check would refuse the other way round.
 */
export function resolveFeatures(settings: readonly FeatureSetting[], departmentId: string | null = null): FeatureMap {
  const find = (dept: string | null, f: PortalFeature) => settings.find((s) => s.departmentId === dept && s.feature === f)?.enabled;
  const out = { ...FEATURE_DEFAULTS };
  for (const f of PORTAL_FEATURES) {
    const clinic = find(null, f) ?? FEATURE_DEFAULTS[f];
    const dept = departmentId === null ? undefined : find(departmentId, f);
    out[f] = clinic && (dept ?? true);
  }
  return out;
}

/** The stored switches of a clinic (clinic-wide and every department's). */
export async function loadFeatureSettings(db: Pick<pg.Pool, 'query'>, clinicId: string): Promise<FeatureSetting[]> {
  const { rows } = await db.query<FeatureSetting>(
    `SELECT department_id AS "departmentId", feature, enabled FROM portal_feature_settings WHERE clinic_id = $1`,
    [clinicId],
  );
  return rows;
}

/** Whether a feature is on for a clinic (and department, when given). */
export async function isFeatureEnabled(db: Pick<pg.Pool, 'query'>, where: { clinicId: string; departmentId?: string | null }, feature: PortalFeature): Promise<boolean> {
  return resolveFeatures(await loadFeatureSettings(db, where.clinicId), where.departmentId ?? null)[feature];
}

/** 403: the clinic (or department) has switched this portal feature off. */
export class FeatureDisabledError extends AppError {
  override name = 'FeatureDisabledError';
  readonly status = 403;
  readonly type = 'feature-disabled';
  constructor(feature: PortalFeature, phone?: string | null) {
    const call = phone ? ` Please call the clinic at ${phone}.` : ' Please contact the clinic.';
    super(`${FEATURE_LABELS[feature]} is switched off for this clinic.${call}`, { extra: { feature, ...(phone ? { clinicPhone: phone } : {}) } });
  }
}

/**
 * Refuse when a feature is off for the clinic (and department, when given).
 * @throws FeatureDisabledError
 */
export async function assertFeatureEnabled(db: Pick<pg.Pool, 'query'>, where: { clinicId: string; departmentId?: string | null; phone?: string | null }, feature: PortalFeature): Promise<void> {
  if (!(await isFeatureEnabled(db, where, feature))) throw new FeatureDisabledError(feature, where.phone);
}
