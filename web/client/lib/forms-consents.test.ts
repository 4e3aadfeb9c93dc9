import { describe, expect, it } from 'vitest';
import { consentState } from './forms-consents.tsx';

const consent = (documentId: string, status: 'active' | 'revoked' | 'superseded', endedAt: string | null = null) => ({
  id: `c-${documentId}-${status}`,
  document: { id: documentId, kind: 'telehealth', version: documentId === 'v2' ? 2 : 1, title: 'Telehealth consent' },
  status,
  signedAt: '2026-01-10T15:00:00Z',
  signedBy: 'Maria Garcia',
  endedAt,
});
const doc = { id: 'v2', kind: 'telehealth' };

describe('consentState', () => {
  it('is signed only when the current version is the active consent', () => {
    expect(consentState(doc, [consent('v2', 'active')]).state).toBe('signed');
    expect(consentState(doc, [consent('v1', 'active')]).state).toBe('outdated');
  });

  it('tells a withdrawn consent from one never signed (newest first decides)', () => {
    expect(consentState(doc, [consent('v1', 'revoked', '2026-03-01T10:30:00Z')]).state).toBe('withdrawn');
    expect(consentState(doc, [consent('v1', 'superseded')]).state).toBe('unsigned');
    expect(consentState(doc, []).state).toBe('unsigned');
    expect(consentState({ id: 'x', kind: 'rpm_program' }, [consent('v2', 'active')]).state).toBe('unsigned');
  });
});
