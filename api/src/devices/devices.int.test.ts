import { describe, expect, it, beforeAll } from 'vitest';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { authenticateGateway } from '../../../ingest/src/broker/gateway-auth.ts';

const db = useTestDb();
let h: Harness;
const admin = 'admin@demo.vitals';
const nurse = 'nurse.patel@demo.vitals';
beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
});

describe('device registry', () => {
  it('provisions a gateway whose token works once shown, rotates and revokes it, with audit entries', async () => {
    const r = await h.request('/v1/gateways', { json: { id: 'gw-new-1', label: 'New home' }, as: admin });
    expect(r.status).toBe(201);
    const { token } = await r.json();
    expect(token).toMatch(/^vtgw_/);
    expect(await authenticateGateway(db().pool, 'gw-new-1', Buffer.from(token))).toEqual({ ok: true });
    expect((await h.request('/v1/gateways', { json: { id: 'gw-new-1' }, as: admin })).status).toBe(409);

    const rot = await (await h.request('/v1/gateways/gw-new-1/rotate', { method: 'POST', as: admin })).json();
    expect(await authenticateGateway(db().pool, 'gw-new-1', Buffer.from(token))).toEqual({ ok: false, reason: 'bad_token' });
    expect(await authenticateGateway(db().pool, 'gw-new-1', Buffer.from(rot.token))).toEqual({ ok: true });

    expect((await h.request('/v1/gateways/gw-new-1/revoke', { method: 'POST', as: admin })).status).toBe(204);
    expect(await authenticateGateway(db().pool, 'gw-new-1', Buffer.from(rot.token))).toEqual({ ok: false, reason: 'revoked' });
    const actions = (await db().pool.query(`SELECT action FROM audit_log WHERE resource = 'gateway/gw-new-1' ORDER BY seq`)).rows.map((x) => x.action);
    expect(actions).toEqual(['gateway.provision', 'gateway.rotate', 'gateway.revoke']);
    // clinicians cannot rotate or revoke
    expect((await h.request('/v1/gateways/gw-new-1/rotate', { method: 'POST', as: nurse })).status).toBe(403);
  });

  it('registers a device, assigns it, refuses overlaps, ends the assignment; the patient sees it', async () => {
    const maria = PATIENTS[0].id;
    const d = await h.request('/v1/devices', { json: { deviceKey: 'OX-NEW', type: 'pulse_oximeter', bleAddress: 'AA:BB:CC:DD:EE:01', gatewayId: 'gw-demo-1' }, as: nurse });
    expect(d.status).toBe(201);
    const device = await d.json();
    const a = await h.request(`/v1/devices/${device.id}/assignments`, { json: { patientId: maria, from: '2026-05-01T00:00:00Z' }, as: nurse });
    expect(a.status).toBe(201);
    const assignment = await a.json();
    const overlap = await h.request(`/v1/devices/${device.id}/assignments`, { json: { patientId: PATIENTS[1].id, from: '2026-05-10T00:00:00Z' }, as: admin });
    expect(overlap.status).toBe(409);
    const end = await h.request(`/v1/devices/${device.id}/assignments/${assignment.id}/end`, { json: { at: '2026-05-20T00:00:00Z' }, as: nurse });
    expect(await end.json()).toMatchObject({ from: '2026-05-01T00:00:00.000Z', to: '2026-05-20T00:00:00.000Z' });
    const mine = await (await h.request(`/v1/patients/${maria}/devices`, { as: 'maria@demo.vitals' })).json();
    expect(mine.devices.map((x: { deviceKey: string }) => x.deviceKey)).toContain('OX-NEW');
    expect((await h.request(`/v1/patients/${maria}/devices`, { as: 'james@demo.vitals' })).status).toBe(403);
  });

  it('validates input with 400 problem+json', async () => {
    const r = await h.request('/v1/devices', { json: { deviceKey: '', type: 'toaster' }, as: admin });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect((await r.json()).errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['deviceKey', 'type']));
  });
});
