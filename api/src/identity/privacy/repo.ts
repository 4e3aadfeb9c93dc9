import type pg from 'pg';

/** Sensitive categories hidden from proxies unless the patient shares them (migration 0003). */
export const SENSITIVE_CATEGORIES = ['behavioral_health', 'substance_use', 'sexual_health'] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

export type SharingSettings = Record<SensitiveCategory, boolean>;

/** The patient's sharing settings; a category without a row is hidden (the safe default). */
export async function readSharing(db: Pick<pg.Pool, 'query'>, patientId: string): Promise<SharingSettings> {
  const { rows } = await db.query<{ category: SensitiveCategory; share_with_proxies: boolean }>('SELECT category, share_with_proxies FROM patient_privacy WHERE patient_id = $1', [patientId]);
  const settings = Object.fromEntries(SENSITIVE_CATEGORIES.map((c) => [c, false])) as SharingSettings;
  for (const r of rows) settings[r.category] = r.share_with_proxies;
  return settings;
}

/** Store every category's setting. */
export async function writeSharing(db: Pick<pg.Pool, 'query'>, patientId: string, settings: SharingSettings, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO patient_privacy (patient_id, category, share_with_proxies, updated_at)
     SELECT $1, category, share, $4 FROM unnest($2::text[], $3::boolean[]) AS s(category, share)
     ON CONFLICT (patient_id, category) DO UPDATE SET share_with_proxies = EXCLUDED.share_with_proxies, updated_at = EXCLUDED.updated_at`,
    [patientId, SENSITIVE_CATEGORIES, SENSITIVE_CATEGORIES.map((c) => settings[c]), now],
  );
}
