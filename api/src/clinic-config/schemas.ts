import { z } from '@hono/zod-openapi';
import { PORTAL_FEATURES } from './portal-features.ts';
import { TERMS_KINDS } from './terms-repo.ts';

export const PortalFeatureName = z.enum(PORTAL_FEATURES);
/** Every feature with whether it is on. */
export const FeatureMapSchema = z.record(PortalFeatureName, z.boolean()).openapi('PortalFeatures');

export const FeatureSettings = z
  .object({
    clinicId: z.uuid(),
    features: FeatureMapSchema.describe('in effect clinic-wide'),
    departments: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        overrides: z.partialRecord(PortalFeatureName, z.boolean()).describe('switches stored for this department'),
        features: FeatureMapSchema.describe('in effect in this department'),
      }),
    ),
  })
  .openapi('FeatureSettings');

export const UpdateFeatureSettings = z
  .object({
    departmentId: z.uuid().nullable().default(null).describe('a department of your clinic; null or absent: clinic-wide'),
    features: z.partialRecord(PortalFeatureName, z.boolean().nullable()).describe('true/false switch a feature; null removes the switch (back to the clinic setting or the default)'),
  })
  .openapi('UpdateFeatureSettings');

export const TermsKind = z.enum(TERMS_KINDS);
export const TermsVersionSchema = z
  .object({ kind: TermsKind, version: z.number().int().positive(), title: z.string(), body: z.string(), effectiveAt: z.string() })
  .openapi('TermsVersion');
// int32: terms versions are an integer column, and a larger number used to reach it as a 500 (issue #11)
export const AcceptTerms = z.object({ kind: TermsKind, version: z.int32().positive() }).openapi('AcceptTerms');
export const PublishTerms = z
  .object({
    kind: TermsKind,
    title: z.string().min(1).max(200),
    body: z.string().min(1).max(200_000),
    effectiveAt: z.iso.datetime({ offset: true }).optional().describe('default: now'),
  })
  .openapi('PublishTerms');
