import { describe, expect, it } from 'vitest';
import type { UserPrincipal } from '../auth/principal.ts';
import { tokenAllows } from './patient-access.ts';
import { SMART_SCOPES, smartScopesGrant } from './smart-scopes.ts';

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
