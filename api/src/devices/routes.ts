import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError } from '../../../common/src/errors/index.ts';
import type { LiveEvents } from '../../../common/src/live-events.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { createToken, hashToken } from '../identity/crypto/tokens.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { devicesOfPatient, deviceRepo } from './repo.ts';
import { AssignDevice, Assignment, Device, EndAssignment, Gateway, GatewayCredentials, GatewayId, PatientDevice, ProvisionGateway, RegisterDevice } from './schemas.ts';

export interface DeviceRouteDeps {
  db: pg.Pool;
  clock: Clock;
  /** Tells ingest instances to disconnect a revoked or rotated gateway at once. */
  live?: LiveEvents | null;
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const staff = requireUser({ roles: ['admin', 'clinician'] });
const adminOnly = requireUser({ roles: ['admin'] });
const tags = ['devices'];

/**
 * Device registry: gateways (token shown once, rotate, revoke — which disconnects at once),
 * devices, and their assignment to patients over time. Staff act within their own clinic; every
 * change is audited.
 */
export function deviceRoutes(deps: DeviceRouteDeps) {
  const app = createRouter();
  const repoFor = (clinicId: string | null) => {
    if (!clinicId) throw new ForbiddenError('your account belongs to no clinic');
    return deviceRepo(deps.db, clinicId);
  };
  const disconnect = async (gatewayId: string) => {
    await deps.live?.publish({ type: 'gateway-revoked', gatewayId });
  };

  app.openapi(
    createRoute({ method: 'post', path: '/v1/gateways', tags, middleware: [staff], request: { body: { content: { 'application/json': { schema: ProvisionGateway } } } }, responses: { 201: json(GatewayCredentials, 'provisioned; the token is shown only now') } }),
    async (c) => {
      const body = c.req.valid('json');
      const token = createToken('gateway');
      await repoFor(userOf(c).clinicId).provisionGateway(body.id, body.label ?? null, hashToken(token));
      await auditRequest(c, deps, { action: 'gateway.provision', resource: `gateway/${body.id}` });
      return c.json({ id: body.id, token }, 201);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/v1/gateways', tags, middleware: [staff], responses: { 200: json(z.object({ gateways: z.array(Gateway) }), 'gateways of your clinic') } }), async (c) =>
    c.json({ gateways: await repoFor(userOf(c).clinicId).listGateways() }, 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/gateways/{gatewayId}/rotate', tags, middleware: [adminOnly], request: { params: z.object({ gatewayId: GatewayId }) }, responses: { 200: json(GatewayCredentials, 'new token, shown only now; the old one stops working') } }),
    async (c) => {
      const { gatewayId } = c.req.valid('param');
      const token = createToken('gateway');
      await repoFor(userOf(c).clinicId).setGatewayToken(gatewayId, hashToken(token), deps.clock.now());
      await auditRequest(c, deps, { action: 'gateway.rotate', resource: `gateway/${gatewayId}` });
      await disconnect(gatewayId);
      return c.json({ id: gatewayId, token }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/gateways/{gatewayId}/revoke', tags, middleware: [adminOnly], request: { params: z.object({ gatewayId: GatewayId }) }, responses: { 204: { description: 'revoked and disconnected' } } }),
    async (c) => {
      const { gatewayId } = c.req.valid('param');
      await repoFor(userOf(c).clinicId).revokeGateway(gatewayId, deps.clock.now());
      await auditRequest(c, deps, { action: 'gateway.revoke', resource: `gateway/${gatewayId}` });
      await disconnect(gatewayId);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/devices', tags, middleware: [staff], request: { body: { content: { 'application/json': { schema: RegisterDevice } } } }, responses: { 201: json(Device, 'registered') } }),
    async (c) => {
      const device = await repoFor(userOf(c).clinicId).registerDevice(c.req.valid('json'));
      await auditRequest(c, deps, { action: 'device.register', resource: `device/${device.id}` });
      return c.json(device, 201);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/v1/devices', tags, middleware: [staff], responses: { 200: json(z.object({ devices: z.array(Device) }), 'devices of your clinic') } }), async (c) =>
    c.json({ devices: await repoFor(userOf(c).clinicId).listDevices() }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/devices/{deviceId}/assignments',
      tags,
      middleware: [staff],
      request: { params: z.object({ deviceId: z.uuid() }), body: { content: { 'application/json': { schema: AssignDevice } } } },
      responses: { 201: json(Assignment, 'assigned from the given time on') },
    }),
    async (c) => {
      const { deviceId } = c.req.valid('param');
      const body = c.req.valid('json');
      const p = userOf(c);
      const repo = repoFor(p.clinicId);
      await repo.deviceInClinic(deviceId);
      // Admins manage devices clinic-wide; clinicians only for patients of their care teams.
      if (p.role === 'clinician') await guardPatient(c, deps, body.patientId, 'record', { action: 'device.assign', resource: `device/${deviceId}`, write: true });
      else await auditRequest(c, deps, { patientId: body.patientId, action: 'device.assign', resource: `device/${deviceId}` });
      return c.json(await repo.assign(deviceId, body.patientId, new Date(body.from), p.userId), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/devices/{deviceId}/assignments/{assignmentId}/end',
      tags,
      middleware: [staff],
      request: { params: z.object({ deviceId: z.uuid(), assignmentId: z.uuid() }), body: { content: { 'application/json': { schema: EndAssignment } } } },
      responses: { 200: json(Assignment, 'ended') },
    }),
    async (c) => {
      const { deviceId, assignmentId } = c.req.valid('param');
      const p = userOf(c);
      const repo = repoFor(p.clinicId);
      const a = await repo.assignmentOf(deviceId, assignmentId);
      if (p.role === 'clinician') await guardPatient(c, deps, a.patient_id, 'record', { action: 'device.unassign', resource: `device/${deviceId}`, write: true });
      else await auditRequest(c, deps, { patientId: a.patient_id, action: 'device.unassign', resource: `device/${deviceId}` });
      return c.json(await repo.endAssignment(assignmentId, new Date(c.req.valid('json').at)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/patients/{patientId}/devices',
      tags,
      middleware: [requireUser()],
      request: { params: z.object({ patientId: z.uuid() }) },
      responses: { 200: json(z.object({ devices: z.array(PatientDevice) }), "the patient's devices, last sync and battery") },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await guardPatient(c, deps, patientId, 'record', { action: 'devices.read', resource: 'devices' });
      return c.json({ devices: await devicesOfPatient(deps.db, patientId) }, 200);
    },
  );
  return app;
}
