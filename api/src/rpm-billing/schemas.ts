/**
 * RPM billing report schemas (validation, types, OpenAPI).
 */
import { z } from '@hono/zod-openapi';
import { CommunicationChannel, RpmRules } from './rule-set.ts';

export const MonthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').optional().openapi({ description: 'the patients’ local calendar month; default the last complete one' }) });
export const TeamParams = z.object({ teamId: z.uuid() });
export const PatientParams = z.object({ patientId: z.uuid() });

const Evidence = z
  .object({
    periodStart: z.string().optional(),
    periodEnd: z.string().optional(),
    daysWithReadings: z.number().int().optional(),
    dates: z.array(z.string()).optional(),
    setupCompletedOn: z.string().optional(),
    minutes: z.number().int().optional(),
    timeEntries: z.number().int().optional(),
    interactiveCommunications: z.array(z.object({ id: z.uuid(), startedAt: z.string(), channel: CommunicationChannel, seconds: z.number().int() })).optional(),
    blockMinutes: z.number().int().optional(),
  })
  .openapi('RpmBillingEvidence');

const Line = z.object({
  code: z.string(),
  units: z.number().int(),
  kind: z.enum(['setup', 'device_supply', 'management', 'management_add_on']),
  rulesVersion: z.string(),
  final: z.boolean().openapi({ description: 'false while the period or month is still running' }),
  evidence: Evidence,
});

export const RpmMonthReport = z
  .object({
    month: z.string(),
    asOf: z.string(),
    rulesVersion: z.string().openapi({ description: 'the rule set in effect on the month’s first day; each line names the set it applied' }),
    patients: z.array(
      z.object({
        patientId: z.uuid(),
        mrn: z.string(),
        givenName: z.string(),
        familyName: z.string(),
        timeZone: z.string(),
        enrolmentId: z.uuid(),
        lines: z.array(Line),
        unmet: z.array(z.object({ code: z.string(), rulesVersion: z.string(), reason: z.string() })),
      }),
    ),
  })
  .openapi('RpmMonthReport');

export const RuleSets = z
  .object({ ruleSets: z.array(z.object({ version: z.string(), effectiveFrom: z.string(), source: z.string(), rules: RpmRules })) })
  .openapi('RpmRuleSets');
