import { z } from '@hono/zod-openapi';
import { ALERT_STATES, EscalationPolicy } from '../../../alerts/src/rules/lifecycle.ts';
import { ClinicRules, PatientRuleOverrides } from '../../../alerts/src/rules/rule-config.ts';
import { SEVERITIES } from '../../../alerts/src/rules/severity.ts';
import { WEBHOOK_EVENTS } from '../../../alerts/src/delivery/messages.ts';

export const AlertState = z.enum(ALERT_STATES);
export const AlertSeverity = z.enum(SEVERITIES);

/** A comma-separated list of enum values in a query string, e.g. `state=open,acknowledged`. */
const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      const parts = s.split(',');
      const bad = parts.filter((p) => !values.includes(p as T));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown value ${bad.join(', ')}; expected ${values.join(', ')}` });
      return parts as T[];
    });

export const AlertListQuery = z.object({
  state: csv(ALERT_STATES).openapi({ description: 'comma-separated states; default open,acknowledged,snoozed', example: 'open,acknowledged' }),
  severity: csv(SEVERITIES).openapi({ description: 'comma-separated severities; default all', example: 'urgent,high' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const PatientParams = z.object({ patientId: z.uuid() });
export const AlertParams = z.object({ patientId: z.uuid(), alertId: z.uuid() });

export const Alert = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    ruleId: z.string(),
    ruleKind: z.string(),
    subject: z.string().nullable().describe('the device or gateway a per-device rule is about'),
    metric: z.string().nullable(),
    severity: AlertSeverity,
    state: AlertState.describe('as of now: an expired snooze reads as the state it was snoozed from'),
    count: z.number().int().describe('triggering evaluations folded into this alert'),
    message: z.string(),
    value: z.number().nullable(),
    unit: z.string().nullable(),
    threshold: z.number().nullable(),
    observedAt: z.string(),
    first: z.object({ value: z.number().nullable(), at: z.string() }),
    openedAt: z.string(),
    urgentSince: z.string().nullable(),
    acknowledged: z.object({ by: z.string(), at: z.string() }).nullable(),
    snoozedUntil: z.string().nullable(),
    resolved: z.object({ by: z.string(), at: z.string(), auto: z.boolean() }).nullable(),
    escalationTier: z.number().int(),
    evidence: z.unknown(),
  })
  .openapi('Alert');

export const InboxAlert = Alert.extend({ patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }) }).openapi('InboxAlert');

export const AlertEvent = z.object({ at: z.string(), actor: z.string(), action: z.string(), note: z.string().nullable(), detail: z.record(z.string(), z.unknown()) }).openapi('AlertEvent');

export const AlertDetail = Alert.extend({ history: z.array(AlertEvent) }).openapi('AlertDetail');

export const PatientAlerts = z
  .object({ optedIn: z.boolean().describe('patients and proxies see alerts only after opting in (PUT /v1/alerts/preferences)'), alerts: z.array(Alert) })
  .openapi('PatientAlerts');

export const SnoozeBody = z
  .object({ until: z.iso.datetime({ offset: true }).optional(), minutes: z.number().int().min(1).max(7 * 24 * 60).optional() })
  .refine((b) => (b.until === undefined) !== (b.minutes === undefined), 'give either until or minutes')
  .openapi('SnoozeAlert');

export const NoteBody = z.object({ text: z.string().min(1).max(4000) }).openapi('AlertNote');

export const ClinicRuleConfigBody = z.object({ rules: ClinicRules, escalation: EscalationPolicy }).openapi('ClinicAlertRulesUpdate');
export const ClinicRuleConfig = z
  .object({ rules: z.array(z.unknown()), escalation: z.unknown(), updatedBy: z.string().nullable(), updatedAt: z.string().nullable() })
  .openapi('ClinicAlertRules');

export const PatientRuleConfigBody = PatientRuleOverrides;
export const PatientRuleConfig = z
  .object({ overrides: z.unknown(), effective: z.array(z.unknown()).describe('the rules in effect: clinic defaults, overrides and flags merged'), updatedBy: z.string().nullable(), updatedAt: z.string().nullable() })
  .openapi('PatientAlertRules');

export const Preferences = z
  .object({
    channels: z.array(z.enum(['in_app', 'email'])).max(2),
    minSeverity: AlertSeverity.describe('the least severity worth a notification'),
    ownAlerts: z.boolean().describe('patients and proxies: see and be emailed about alerts on their own (or their ward’s) readings'),
  })
  // a component name of its own: profile and notifications have other NotificationPreferences, and
  // OpenAPI keeps one schema per name, so a shared name documents the wrong body (issue #11)
  .openapi('AlertNotificationPreferences');

export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export const CreateWebhook = z
  .object({ url: z.url({ protocol: /^https?$/ }), events: z.array(WebhookEvent).min(1).default([...WEBHOOK_EVENTS]), minSeverity: AlertSeverity.default('low') })
  .openapi('CreateWebhookEndpoint');
export const WebhookEndpoint = z
  .object({ id: z.uuid(), url: z.string(), events: z.array(z.string()), minSeverity: AlertSeverity, createdAt: z.string(), disabledAt: z.string().nullable() })
  .openapi('WebhookEndpoint');
export const WebhookEndpointCreated = WebhookEndpoint.extend({ secret: z.string().describe('signs every delivery; shown only now') }).openapi('WebhookEndpointCreated');
export const WebhookParams = z.object({ endpointId: z.uuid() });

export const DeadLetter = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    url: z.string(),
    eventType: z.string(),
    alertId: z.string().nullable(),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deadAt: z.string().nullable(),
  })
  .openapi('WebhookDeadLetter');
