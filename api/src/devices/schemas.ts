import { z } from '@hono/zod-openapi';

export const DeviceType = z.enum(['glucose_meter', 'cgm', 'bp_cuff', 'pulse_oximeter', 'scale', 'thermometer', 'heart_rate']);

export const GatewayId = z.string().regex(/^[A-Za-z0-9_-]{3,64}$/, '3 to 64 letters, digits, - or _');

export const ProvisionGateway = z.object({ id: GatewayId, label: z.string().max(120).optional() }).openapi('ProvisionGateway');
export const GatewayCredentials = z.object({ id: z.string(), token: z.string().describe('shown once; store it on the gateway') }).openapi('GatewayCredentials');
export const Gateway = z
  .object({ id: z.string(), label: z.string().nullable(), state: z.enum(['never', 'online', 'offline']), lastSeenAt: z.string().nullable(), revokedAt: z.string().nullable(), createdAt: z.string() })
  .openapi('Gateway');

export const RegisterDevice = z
  .object({
    deviceKey: z.string().min(1).max(64).describe('what the gateway sends as deviceId: serial number or BLE address'),
    type: DeviceType,
    manufacturer: z.string().max(120).optional(),
    model: z.string().max(120).optional(),
    serial: z.string().max(64).optional(),
    bleAddress: z.string().regex(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/, 'upper-case BLE address AA:BB:CC:DD:EE:FF').optional(),
    gatewayId: GatewayId.optional(),
  })
  .openapi('RegisterDevice');

export const Device = z
  .object({
    id: z.uuid(),
    deviceKey: z.string(),
    type: DeviceType,
    manufacturer: z.string().nullable(),
    model: z.string().nullable(),
    serial: z.string().nullable(),
    bleAddress: z.string().nullable(),
    gatewayId: z.string().nullable(),
    battery: z.number().nullable(),
    lastSyncAt: z.string().nullable(),
  })
  .openapi('Device');

export const AssignDevice = z.object({ patientId: z.uuid(), from: z.iso.datetime({ offset: true }) }).openapi('AssignDevice');
export const EndAssignment = z.object({ at: z.iso.datetime({ offset: true }) }).openapi('EndAssignment');
export const Assignment = z.object({ id: z.uuid(), deviceId: z.uuid(), patientId: z.uuid(), from: z.string(), to: z.string().nullable() }).openapi('Assignment');

export const PatientDevice = Device.extend({ assignedFrom: z.string(), assignedTo: z.string().nullable(), gatewayState: z.string().nullable(), gatewayLastSeenAt: z.string().nullable() }).openapi('PatientDevice');
