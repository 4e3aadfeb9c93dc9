import { z } from 'zod';

/**
 * Alert severities, least to most serious. The order is part of the contract: escalation,
 * sorting and "keep the worst severity seen" all rank by position in this list.
 *
 * - `info`: recorded on the chart, no notification.
 * - `low`: review within working days (trend to discuss, device to replace).
 * - `high`: review the same day (values outside the patient's safe range).
 * - `urgent`: act now; notified at once and escalated through the care team until acknowledged.
 */
export const SEVERITIES = ['info', 'low', 'high', 'urgent'] as const;

/** One of {@link SEVERITIES}. */
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Position of a severity in {@link SEVERITIES}: higher is more serious. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The more serious of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(b) > severityRank(a) ? b : a;
}
