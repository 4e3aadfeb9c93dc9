import type pg from 'pg';
import { ConflictError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface DeviceRow {
  id: string;
  device_key: string;
  type: string;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  ble_address: string | null;
  gateway_id: string | null;
  battery: number | null;
  last_sync_at: Date | null;
}

export function toDevice(r: DeviceRow) {
  return {
    id: r.id,
    deviceKey: r.device_key,
    type: r.type as 'cgm',
    manufacturer: r.manufacturer,
    model: r.model,
    serial: r.serial,
    bleAddress: r.ble_address,
    gatewayId: r.gateway_id,
    battery: r.battery,
    lastSyncAt: iso(r.last_sync_at),
  };
}

/** Gateways and devices of one clinic; every query is limited to the caller's clinic. */
export function deviceRepo(db: pg.Pool, clinicId: string) {
  return {
    async provisionGateway(id: string, label: string | null, tokenHash: string) {
      const r = await db.query('INSERT INTO gateways (id, clinic_id, label, token_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [id, clinicId, label, tokenHash]);
      if (!r.rowCount) throw new ConflictError(`a gateway with id ${id} already exists`);
    },
    async setGatewayToken(id: string, tokenHash: string, now: Date) {
      const r = await db.query('UPDATE gateways SET token_hash = $3, rotated_at = $4, revoked_at = NULL WHERE id = $1 AND clinic_id = $2', [id, clinicId, tokenHash, now]);
      if (!r.rowCount) throw new NotFoundError('no such gateway');
    },
    async revokeGateway(id: string, now: Date) {
      const r = await db.query('UPDATE gateways SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND clinic_id = $2', [id, clinicId, now]);
      if (!r.rowCount) throw new NotFoundError('no such gateway');
    },
    async listGateways() {
      const { rows } = await db.query<{ id: string; label: string | null; state: 'never'; last_seen_at: Date | null; revoked_at: Date | null; created_at: Date }>(
        'SELECT id, label, state, last_seen_at, revoked_at, created_at FROM gateways WHERE clinic_id = $1 ORDER BY id',
        [clinicId],
      );
      return rows.map((g) => ({ id: g.id, label: g.label, state: g.state, lastSeenAt: iso(g.last_seen_at), revokedAt: iso(g.revoked_at), createdAt: g.created_at.toISOString() }));
    },
    async registerDevice(d: { deviceKey: string; type: string; manufacturer?: string | undefined; model?: string | undefined; serial?: string | undefined; bleAddress?: string | undefined; gatewayId?: string | undefined }) {
      if (d.gatewayId) {
        const g = await db.query('SELECT 1 FROM gateways WHERE id = $1 AND clinic_id = $2', [d.gatewayId, clinicId]);
        if (!g.rowCount) throw new ValidationError('unknown gateway', [{ path: 'gatewayId', message: 'no such gateway in this clinic' }]);
      }
      const { rows } = await db.query<DeviceRow>(
        `INSERT INTO devices (clinic_id, device_key, type, manufacturer, model, serial, ble_address, gateway_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (device_key) DO NOTHING RETURNING *`,
        [clinicId, d.deviceKey, d.type, d.manufacturer ?? null, d.model ?? null, d.serial ?? null, d.bleAddress ?? null, d.gatewayId ?? null],
      );
      if (!rows[0]) throw new ConflictError(`a device with key ${d.deviceKey} is already registered`);
      return toDevice(rows[0]);
    },
    async listDevices() {
      const { rows } = await db.query<DeviceRow>('SELECT * FROM devices WHERE clinic_id = $1 ORDER BY device_key', [clinicId]);
      return rows.map(toDevice);
    },
    async deviceInClinic(deviceId: string) {
      const { rows } = await db.query<DeviceRow>('SELECT * FROM devices WHERE id = $1 AND clinic_id = $2', [deviceId, clinicId]);
      if (!rows[0]) throw new NotFoundError('no such device');
      return rows[0];
    },
    /** @throws ConflictError when the device is already assigned during part of the interval */
    async assign(deviceId: string, patientId: string, from: Date, by: string) {
      try {
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO device_assignments (device_id, patient_id, valid, created_by)
           SELECT $1, $2, tstzrange($3, NULL), $4 WHERE EXISTS (SELECT 1 FROM patients WHERE id = $2 AND clinic_id = $5) RETURNING id`,
          [deviceId, patientId, from, by, clinicId],
        );
        if (!rows[0]) throw new NotFoundError('no such patient');
        return { id: rows[0].id, deviceId, patientId, from: from.toISOString(), to: null };
      } catch (err) {
        if ((err as { code?: string }).code === '23P01') throw new ConflictError('the device is already assigned to a patient for part of that time; end that assignment first');
        throw err;
      }
    },
    async assignmentOf(deviceId: string, assignmentId: string) {
      const { rows } = await db.query<{ patient_id: string; lower: Date; upper: Date | null }>(
        `SELECT a.patient_id, lower(a.valid) AS lower, upper(a.valid) AS upper FROM device_assignments a JOIN devices d ON d.id = a.device_id
          WHERE a.id = $1 AND a.device_id = $2 AND d.clinic_id = $3`,
        [assignmentId, deviceId, clinicId],
      );
      if (!rows[0]) throw new NotFoundError('no such assignment');
      return rows[0];
    },
    async endAssignment(assignmentId: string, at: Date) {
      const { rows } = await db.query<{ device_id: string; patient_id: string; lower: Date; upper: Date | null }>(
        `UPDATE device_assignments SET valid = tstzrange(lower(valid), $2) WHERE id = $1 AND $2 > lower(valid) AND (upper(valid) IS NULL OR $2 <= upper(valid))
         RETURNING device_id, patient_id, lower(valid) AS lower, upper(valid) AS upper`,
        [assignmentId, at],
      );
      if (!rows[0]) throw new ValidationError('the end must fall after the assignment started and not after an earlier end', [{ path: 'at', message: 'out of range' }]);
      const r = rows[0];
      return { id: assignmentId, deviceId: r.device_id, patientId: r.patient_id, from: r.lower.toISOString(), to: iso(r.upper) };
    },
  };
}

/** A patient's devices with their assignment window, last sync, battery and gateway state. */
export async function devicesOfPatient(db: pg.Pool, patientId: string) {
  const { rows } = await db.query<DeviceRow & { lower: Date; upper: Date | null; gw_state: string | null; gw_seen: Date | null }>(
    `SELECT d.*, lower(a.valid) AS lower, upper(a.valid) AS upper, g.state AS gw_state, g.last_seen_at AS gw_seen
       FROM device_assignments a JOIN devices d ON d.id = a.device_id LEFT JOIN gateways g ON g.id = d.gateway_id
      WHERE a.patient_id = $1 ORDER BY lower(a.valid) DESC`,
    [patientId],
  );
  return rows.map((r) => ({ ...toDevice(r), assignedFrom: r.lower.toISOString(), assignedTo: iso(r.upper), gatewayState: r.gw_state, gatewayLastSeenAt: iso(r.gw_seen) }));
}
