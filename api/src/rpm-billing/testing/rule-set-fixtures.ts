import { RpmRules, ruleSetFor, type VersionedRules } from '../rule-set.ts';

/**
 * The two rule sets migration 0011 stores, as the pure tests use them. rpm-billing.int.test.ts
 * checks that the stored rows are exactly these, so the fixtures cannot drift from the database.
 */
export const CMS_2021: VersionedRules = {
  version: 'cms-rpm-2021',
  effectiveFrom: '2021-01-01',
  source: 'CMS CY 2021 PFS',
  rules: RpmRules.parse({
    setup: { code: '99453', minDeviceDays: 16 },
    deviceSupply: { periodDays: 30, tiers: [{ code: '99454', minDays: 16 }] },
    management: { interactiveChannels: ['phone', 'video'], tiers: [{ code: '99457', minMinutes: 20 }], addOn: { code: '99458', afterCode: '99457', everyMinutes: 20 } },
  }),
};

export const CMS_2026: VersionedRules = {
  version: 'cms-rpm-2026',
  effectiveFrom: '2026-01-01',
  source: 'CMS CY 2026 PFS',
  rules: RpmRules.parse({
    setup: { code: '99453', minDeviceDays: 16 },
    deviceSupply: { periodDays: 30, tiers: [{ code: '99454', minDays: 16 }, { code: '99445', minDays: 2 }] },
    management: {
      interactiveChannels: ['phone', 'video'],
      tiers: [{ code: '99457', minMinutes: 20 }, { code: '99470', minMinutes: 10 }],
      addOn: { code: '99458', afterCode: '99457', everyMinutes: 20 },
    },
  }),
};

/** `rulesFor` over both sets, as the report binds it. */
export const cmsRulesFor = (periodStart: string): VersionedRules => ruleSetFor([CMS_2021, CMS_2026], periodStart);
