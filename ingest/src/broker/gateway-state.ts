import type pg from 'pg';
import { GatewayEvent, GatewayStatus } from '../../../common/src/wire/readings.ts';

/** Record a gateway's online/offline state and last-seen time. */
export async function setGatewayState(db: pg.Pool, gatewayId: string, state: 'online' | 'offline', at: Date): Promise<void> {
  await db.query('UPDATE gateways SET state = $2, last_seen_at = GREATEST(last_seen_at, $3) WHERE id = $1', [gatewayId, state, at]);
}

/** Apply a retained status message (or the last will): state, and battery of the devices it lists. */
export async function applyStatusMessage(db: pg.Pool, gatewayId: string, payload: Buffer, at: Date): Promise<boolean> {
  const parsed = safeJson(payload, GatewayStatus);
  if (!parsed) return false;
  await setGatewayState(db, gatewayId, parsed.state, at);
  for (const d of parsed.devices ?? []) {
    if (d.battery !== undefined) await db.query('UPDATE devices SET battery = $3 WHERE device_key = $1 AND gateway_id = $2', [d.deviceId, gatewayId, Math.round(d.battery)]);
  }
  return true;
}

/** Apply an event message: battery levels update the device; others are only logged by the caller. */
export async function applyEventMessage(db: pg.Pool, gatewayId: string, payload: Buffer): Promise<GatewayEvent | null> {
  const e = safeJson(payload, GatewayEvent);
  if (!e) return null;
  const level = e.detail?.['level'];
  if (e.type === 'battery' && e.deviceId && typeof level === 'number' && level >= 0 && level <= 100) {
    await db.query('UPDATE devices SET battery = $3 WHERE device_key = $1 AND gateway_id = $2', [e.deviceId, gatewayId, Math.round(level)]);
  }
  return e;
}

function safeJson<T>(payload: Buffer, schema: { safeParse(x: unknown): { success: true; data: T } | { success: false } }): T | null {
  try {
    const r = schema.safeParse(JSON.parse(payload.toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
