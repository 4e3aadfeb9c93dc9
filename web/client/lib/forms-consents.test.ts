import { describe, expect, it } from 'vitest';
import { consentInForce, consentState, historyLine } from './forms-consents.tsx';

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

describe('consentInForce', () => {
  it('is the active consent, also one to an older version not yet signed again', () => {
    const active = consent('v2', 'active');
    expect(consentInForce(consentState(doc, [active]))).toBe(active);
    const older = consent('v1', 'active');
    expect(consentInForce(consentState(doc, [older]))).toBe(older);
  });

  it('is nothing to withdraw once withdrawn, replaced or never signed', () => {
    expect(consentInForce(consentState(doc, [consent('v2', 'revoked', '2026-03-01T10:30:00Z')]))).toBeNull();
    expect(consentInForce(consentState(doc, [consent('v1', 'superseded', '2026-03-01T10:30:00Z')]))).toBeNull();
    expect(consentInForce(consentState(doc, []))).toBeNull();
  });
});

describe('historyLine', () => {
  const day = (iso: string) => iso.slice(0, 10);
  it('says who signed which version, and when and how it ended', () => {
    expect(historyLine(consent('v2', 'active'), day)).toBe('Version 2: signed on 2026-01-10 by Maria Garcia, in force.');
    expect(historyLine(consent('v1', 'revoked', '2026-03-01T10:30:00Z'), day)).toBe('Version 1: signed on 2026-01-10 by Maria Garcia, withdrawn on 2026-03-01.');
    expect(historyLine(consent('v1', 'superseded', '2026-04-02T09:00:00Z'), day)).toBe('Version 1: signed on 2026-01-10 by Maria Garcia, replaced by a newer version on 2026-04-02.');
  });
});
