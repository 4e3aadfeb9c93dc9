import { describe, expect, it } from 'vitest';
import type { UserPrincipal } from '../auth/principal.ts';
import { tokenAllows } from './patient-access.ts';
import { grantSmartScopes, hasSmartScopes, parseSmartScope, SMART_SCOPES, smartScopesAllow, smartScopesGrant } from './smart-scopes.ts';

const token = (...scopes: string[]): UserPrincipal => ({ kind: 'user', userId: 'u', role: 'patient', clinicId: 'c', patientId: 'p', via: 'token', scopes: new Set(scopes), mfa: true });

describe('SMART scopes', () => {
  it('map each resource type to the data scopes it reads', () => {
    expect(smartScopesGrant(new Set(['patient/Observation.read']), 'readings')).toBe(true);
    expect(smartScopesGrant(new Set(['patient/Observation.read']), 'results')).toBe(true);
    expect(smartScopesGrant(new Set(['user/DiagnosticReport.read']), 'results')).toBe(true);
    expect(smartScopesGrant(new Set(['user/DiagnosticReport.read']), 'readings')).toBe(false);
    expect(smartScopesGrant(new Set(['patient/Appointment.read']), 'appointments')).toBe(true);
    expect(smartScopesGrant(new Set(['patient/Device.read']), 'record')).toBe(true);
    expect(smartScopesGrant(new Set(['patient/Patient.read']), 'record')).toBe(true);
    expect(smartScopesGrant(new Set(['patient/Patient.read']), 'readings')).toBe(false);
  });

  it('grant every FHIR-visible scope with the wildcard, but never privacy, messages or billing', () => {
    const all = new Set(['patient/*.read']);
    for (const s of ['readings', 'results', 'appointments', 'record'] as const) expect(smartScopesGrant(all, s)).toBe(true);
    for (const s of ['privacy', 'messages', 'billing', 'medications'] as const) expect(smartScopesGrant(all, s)).toBe(false);
  });

  it('grant reads only, and ignore malformed or unknown scopes', () => {
    expect(tokenAllows(token('patient/Observation.read'), 'readings', false)).toBe(true);
    expect(tokenAllows(token('patient/Observation.read'), 'readings', true)).toBe(false);
    expect(tokenAllows(token('patient/Observation.write'), 'readings', false)).toBe(false);
    expect(tokenAllows(token('patient/Medication.read', 'Observation.read', 'system/Observation.read'), 'readings', false)).toBe(false);
  });

  it('lists the scopes it understands', () => {
    expect(SMART_SCOPES).toContain('patient/Observation.read');
    expect(SMART_SCOPES).toContain('user/*.read');
    expect(SMART_SCOPES).toHaveLength(12);
  });
});

describe('parseSmartScope', () => {
  it('reads v1 and v2 permissions', () => {
    expect(parseSmartScope('patient/Observation.read')).toEqual({ ok: true, scope: { context: 'patient', type: 'Observation', read: true, search: true, write: false } });
    expect(parseSmartScope('user/*.*')).toMatchObject({ ok: true, scope: { type: '*', read: true, search: true, write: true } });
    expect(parseSmartScope('patient/Observation.write')).toMatchObject({ ok: true, scope: { read: false, search: false, write: true } });
    expect(parseSmartScope('patient/Observation.rs')).toMatchObject({ ok: true, scope: { read: true, search: true, write: false } });
    expect(parseSmartScope('patient/Appointment.s')).toMatchObject({ ok: true, scope: { read: false, search: true } });
    expect(parseSmartScope('patient/Patient.cruds')).toMatchObject({ ok: true, scope: { read: true, search: true, write: true } });
  });

  it('says why it refuses a scope', () => {
    const why = (s: string) => {
      const r = parseSmartScope(s);
      return r.ok ? null : r.why;
    };
    expect(why('patient/Medication.read')).toContain('not a resource type of this server');
    expect(why('system/Observation.read')).toContain('only patient/ and user/');
    expect(why('patient/Observation.sr')).toContain('in that order');
    expect(why('patient/Observation.rs?category=laboratory')).toContain('parameters are not supported');
    for (const bad of ['Observation.read', 'patient/Observation', 'launch/patient', 'openid', '', 'patient/Observation.']) expect(why(bad), bad).not.toBeNull();
  });
});

describe('smartScopesAllow', () => {
  const scopes = new Set(['patient/Observation.read', 'patient/Appointment.s', 'readings:read']);
  it('allows the interactions each type’s scope names, and nothing on other types', () => {
    expect(smartScopesAllow(scopes, 'Observation', 'read')).toBe(true);
    expect(smartScopesAllow(scopes, 'Observation', 'search')).toBe(true);
    expect(smartScopesAllow(scopes, 'Appointment', 'search')).toBe(true);
    expect(smartScopesAllow(scopes, 'Appointment', 'read')).toBe(false);
    expect(smartScopesAllow(scopes, 'DiagnosticReport', 'search')).toBe(false);
    expect(smartScopesAllow(new Set(['user/*.rs']), 'Device', 'read')).toBe(true);
    expect(smartScopesAllow(new Set(['patient/Observation.write']), 'Observation', 'read')).toBe(false);
  });

  it('tells SMART tokens from tokens with platform scopes only', () => {
    expect(hasSmartScopes(scopes)).toBe(true);
    expect(hasSmartScopes(new Set(['readings:read', 'results:write']))).toBe(false);
  });

  it('grants data scopes for v2 reads too', () => {
    expect(smartScopesGrant(new Set(['patient/Observation.rs']), 'readings')).toBe(true);
    expect(smartScopesGrant(new Set(['patient/Observation.cud']), 'readings')).toBe(false);
  });
});

describe('grantSmartScopes', () => {
  it('grants a patient patient/ scopes, reads only, and says why it leaves others out', () => {
    const g = grantSmartScopes(['patient/Observation.read', 'patient/Appointment.cruds', 'patient/Patient.*', 'patient/Device.write', 'user/Observation.read'], { role: 'patient' });
    expect(g.granted).toEqual(['patient/Observation.read', 'patient/Appointment.rs', 'patient/Patient.read']);
    expect(g.refused).toEqual([
      { scope: 'patient/Device.write', why: 'this server grants reads only' },
      { scope: 'user/Observation.read', why: 'a patient or proxy grants patient/ scopes only' },
    ]);
  });

  it('grants a proxy only the types an active grant covers, narrowing the wildcard', () => {
    const proxy = { role: 'proxy' as const, proxyGrants: [['appointments'], ['billing']] as const };
    expect(grantSmartScopes(['patient/*.read'], proxy).granted).toEqual(['patient/Appointment.read', 'patient/Device.read', 'patient/Patient.read']);
    expect(grantSmartScopes(['patient/Observation.rs'], proxy)).toEqual({ granted: [], refused: [{ scope: 'patient/Observation.rs', why: 'no active proxy grant covers this resource type' }] });
    expect(grantSmartScopes(['patient/*.read'], { role: 'proxy', proxyGrants: [['readings', 'results', 'appointments']] }).granted).toEqual(['patient/*.read']);
    expect(grantSmartScopes(['patient/Patient.read'], { role: 'proxy', proxyGrants: [] }).granted).toEqual([]);
  });

  it('grants staff user/ scopes only', () => {
    expect(grantSmartScopes(['user/Observation.rs', 'patient/Observation.rs'], { role: 'clinician' })).toEqual({
      granted: ['user/Observation.rs'],
      refused: [{ scope: 'patient/Observation.rs', why: 'staff grant user/ scopes only (a token carries no patient context)' }],
    });
  });
});
