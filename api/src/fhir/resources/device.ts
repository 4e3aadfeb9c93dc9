import type { DeviceRow as RegisteredDevice } from '../../devices/repo.ts';
import type { Resource } from '../http/fhir-response.ts';
import { DEVICE_TYPE_MDC, MDC, SYSTEMS, UCUM_DISPLAY } from '../terminology.ts';
import { present, ref, ucumQuantity } from './fhir-json.ts';

/** A row of the device registry with the patient it was assigned to. */
export interface DeviceRow extends RegisteredDevice {
  patient_id: string;
  /** Whether the device is assigned to the patient now (else: it was, earlier). */
  assigned_now: boolean;
}

/**
 * A home device as a FHIR R4 Device (PHD IG PhdDevice in spirit: MDC specialization type,
 * manufacturer, model, serial, the BLE address as an identifier), for the patient it measured.
 */
export function deviceResource(r: DeviceRow): Resource {
  const type = DEVICE_TYPE_MDC[r.type];
  const name = [r.manufacturer, r.model].filter(Boolean).join(' ');
  return present({
    resourceType: 'Device',
    id: r.id,
    meta: r.last_sync_at ? { lastUpdated: r.last_sync_at.toISOString() } : null,
    identifier: [
      { system: SYSTEMS.deviceKey, value: r.device_key },
      r.ble_address ? { type: { text: 'Bluetooth MAC address' }, system: 'http://hl7.org/fhir/sid/eui-48/bluetooth', value: r.ble_address.toLowerCase().replaceAll(':', '-') } : null,
    ].filter((i) => i !== null),
    status: r.assigned_now ? 'active' : 'inactive',
    manufacturer: r.manufacturer,
    serialNumber: r.serial,
    modelNumber: r.model,
    deviceName: name ? [{ name, type: 'user-friendly-name' }] : null,
    type: type ? { coding: [{ system: MDC, ...type }], text: r.type.replaceAll('_', ' ') } : { text: r.type },
    property: r.battery !== null ? [{ type: { text: 'Battery level' }, valueQuantity: [ucumQuantity(r.battery, '%', UCUM_DISPLAY)] }] : null,
    patient: ref('Patient', r.patient_id),
  });
}
