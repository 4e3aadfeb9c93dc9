import type pg from 'pg';

/** The device key of a patient's Nightscout uploads: one virtual CGM per patient. */
export const nightscoutDeviceKey = (patientId: string) => `ns-${patientId}`;

/** The gateway id readings uploaded through the Nightscout API carry (no MQTT gateway forwarded them). */
export const NIGHTSCOUT_GATEWAY = 'nightscout';

/**
 * Register the patient's virtual Nightscout CGM and assign it to them, once (idempotent, safe
 * when two uploads race: both inserts do nothing on conflict, the assignment's exclusion
 * constraint included). The assignment starts in 2000, the oldest time ingest accepts, because an
 * uploader's first sync back-fills the history it holds: the device was always this patient's.
 *
 * @returns the device key, or null when there is no such patient
 */
export async function ensureNightscoutDevice(db: pg.Pool, patientId: string): Promise<string | null> {
  const key = nightscoutDeviceKey(patientId);
  const { rowCount } = await db.query(
    `WITH device AS (
       INSERT INTO devices (clinic_id, device_key, type, manufacturer, model)
       SELECT clinic_id, $2, 'cgm', 'Nightscout API', 'CGM uploader (virtual device)' FROM patients WHERE id = $1
       ON CONFLICT (device_key) DO NOTHING RETURNING id)
     SELECT 1 FROM patients WHERE id = $1`,
    [patientId, key],
  );
  if (!rowCount) return null;
  await db.query(
    `INSERT INTO device_assignments (device_id, patient_id, valid)
     SELECT d.id, $1, tstzrange('2000-01-01T00:00:00Z', NULL) FROM devices d WHERE d.device_key = $2
     ON CONFLICT DO NOTHING`,
    [patientId, key],
  );
  return key;
}
