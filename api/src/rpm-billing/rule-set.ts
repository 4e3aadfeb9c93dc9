/**
 * RPM billing rule sets: the payer rules as data, versioned in `rpm_billing_rule_sets`
 * (migration 0011). A change of rules is a new version with its own `effective_from`, never an
 * edit, so every report names the version it applied and stays reproducible. The rules engine
 * (billing-rules.ts) only interprets a rule set; it knows no CPT code by heart.
 */
import { z } from '@hono/zod-openapi';

/** How an interactive communication happened; only some channels are "interactive" for a payer. */
export const CommunicationChannel = z.enum(['video', 'phone', 'message']);
export type CommunicationChannel = z.infer<typeof CommunicationChannel>;

const CptCode = z.string().regex(/^[0-9]{4}[0-9A-Z]$/, 'a five-character CPT/HCPCS code');

/**
 * One rule set. Tiers are tried in order and the first one met is billed, so a 16-day tier comes
 * before a 2-day tier and a 20-minute tier before a 10-minute one.
 */
export const RpmRules = z
  .object({
    /** Device set-up and education: once per enrolment, with the first device period that has this many days. */
    setup: z.object({ code: CptCode, minDeviceDays: z.number().int().min(1).max(31) }).strict(),
    deviceSupply: z
      .object({
        /** The payer's period length; with calendar months the month is the period. */
        periodDays: z.number().int().min(1).max(31),
        tiers: z.array(z.object({ code: CptCode, minDays: z.number().int().min(1).max(31) }).strict()).min(1),
      })
      .strict(),
    management: z
      .object({
        /** Channels that count as interactive communication (CMS: real-time, two-way audio, possibly with video). */
        interactiveChannels: z.array(CommunicationChannel).min(1),
        tiers: z.array(z.object({ code: CptCode, minMinutes: z.number().int().min(1).max(600) }).strict()).min(1),
        /** Each further block of `everyMinutes` after the first tier `afterCode` was met. */
        addOn: z.object({ code: CptCode, afterCode: CptCode, everyMinutes: z.number().int().min(1).max(600) }).strict().nullable().default(null),
      })
      .strict(),
  })
  .strict();
export type RpmRules = z.infer<typeof RpmRules>;

/** A rule set as stored: its version, when it takes effect and where its rules come from. */
export interface VersionedRules {
  version: string;
  /** First local date of the billing periods it applies to (`YYYY-MM-DD`). */
  effectiveFrom: string;
  source: string;
  rules: RpmRules;
}

/** No rule set covers a billing period (one that starts before the oldest set). */
export class NoRuleSetError extends RangeError {
  override name = 'NoRuleSetError';
}

/**
 * The rule set for a billing period starting on `periodStart`: the pinned version when a
 * programme pins one, else the newest set in effect on that date.
 *
 * @param sets - every stored rule set, in any order
 * @throws NoRuleSetError when the pinned version does not exist or no set is in effect yet
 */
export function ruleSetFor(sets: readonly VersionedRules[], periodStart: string, pinned: string | null = null): VersionedRules {
  if (pinned !== null) {
    const set = sets.find((s) => s.version === pinned);
    if (!set) throw new NoRuleSetError(`no RPM billing rule set ${pinned}`);
    return set;
  }
  const inEffect = sets.filter((s) => s.effectiveFrom <= periodStart).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  if (!inEffect) throw new NoRuleSetError(`no RPM billing rule set is in effect on ${periodStart}`);
  return inEffect;
}
