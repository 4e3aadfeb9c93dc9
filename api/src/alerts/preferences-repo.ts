import type pg from 'pg';
import type { Severity } from '../../../alerts/src/rules/severity.ts';

export interface NotificationPreferences {
  channels: ('in_app' | 'email')[];
  minSeverity: Severity;
  ownAlerts: boolean;
}

/** The defaults of migration 0006, for a user who never saved any. */
const DEFAULTS: NotificationPreferences = { channels: ['in_app', 'email'], minSeverity: 'high', ownAlerts: false };

export async function loadPreferences(db: pg.Pool, userId: string): Promise<NotificationPreferences> {
  const { rows } = await db.query<{ channels: NotificationPreferences['channels']; min_severity: Severity; own_alerts: boolean }>(
    'SELECT channels, min_severity, own_alerts FROM notification_preferences WHERE user_id = $1',
    [userId],
  );
  const r = rows[0];
  return r ? { channels: r.channels, minSeverity: r.min_severity, ownAlerts: r.own_alerts } : { ...DEFAULTS };
}

export async function savePreferences(db: pg.Pool, userId: string, p: NotificationPreferences, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO notification_preferences (user_id, channels, min_severity, own_alerts, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, min_severity = EXCLUDED.min_severity, own_alerts = EXCLUDED.own_alerts, updated_at = EXCLUDED.updated_at`,
    [userId, [...new Set(p.channels)], p.minSeverity, p.ownAlerts, now],
  );
}
