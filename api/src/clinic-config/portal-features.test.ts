import { describe, expect, it } from 'vitest';
import { FEATURE_DEFAULTS, FeatureDisabledError, PORTAL_FEATURES, resolveFeatures } from './portal-features.ts';

const D = 'dept-1';

describe('portal feature resolution', () => {
  it('gives the defaults (everything on) when nothing is stored', () => {
    expect(resolveFeatures([])).toEqual(FEATURE_DEFAULTS);
    expect(Object.keys(resolveFeatures([], D)).sort()).toEqual([...PORTAL_FEATURES].sort());
  });

  it('applies the clinic switch everywhere and a department switch only there', () => {
    const settings = [
      { departmentId: null, feature: 'messaging', enabled: false },
      { departmentId: D, feature: 'online_payment', enabled: false },
    ];
    expect(resolveFeatures(settings)).toMatchObject({ messaging: false, online_payment: true });
    expect(resolveFeatures(settings, D)).toMatchObject({ messaging: false, online_payment: false });
    expect(resolveFeatures(settings, 'dept-2')).toMatchObject({ messaging: false, online_payment: true });
  });

  it('never lets a department switch on what the clinic switched off', () => {
    const settings = [
      { departmentId: null, feature: 'self_scheduling', enabled: false },
      { departmentId: D, feature: 'self_scheduling', enabled: true },
    ];
    expect(resolveFeatures(settings, D).self_scheduling).toBe(false);
  });

  it('ignores stored switches for features this build does not know', () => {
    expect(resolveFeatures([{ departmentId: null, feature: 'retired_feature', enabled: false }])).toEqual(FEATURE_DEFAULTS);
  });

  it('explains a refusal in plain words, with the clinic phone when known', () => {
    const e = new FeatureDisabledError('self_scheduling', '+1 555 010 2000');
    expect(e.status).toBe(403);
    expect(e.message).toBe('Online scheduling is switched off for this clinic. Please call the clinic at +1 555 010 2000.');
    expect(e.extra).toEqual({ feature: 'self_scheduling', clinicPhone: '+1 555 010 2000' });
  });
});
