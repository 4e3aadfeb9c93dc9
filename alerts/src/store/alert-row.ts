import type { Metric } from '../../../common/src/metrics.ts';
import type { Evidence } from '../rules/candidate.ts';
import type { Alert, AlertObservation, AlertState } from '../rules/lifecycle.ts';
import type { RuleKind } from '../rules/rule-config.ts';
import type { Severity } from '../rules/severity.ts';

/** A row of `alerts` (db/migrations/0006_alerts.sql) as node-postgres returns it. */
export interface AlertRow {
  id: string;
  clinic_id: string;
  patient_id: string;
  rule_id: string;
  rule_kind: string;
  dedupe_key: string;
  subject: string | null;
  metric: string | null;
  severity: string;
  state: string;
  count: number;
  message: string;
  unit: string | null;
  threshold: number | null;
  first_value: number | null;
  first_at: Date;
  latest_value: number | null;
  latest_at: Date;
  latest: StoredObservation;
  evidence: unknown;
  opened_at: Date;
  urgent_since: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  snoozed_by: string | null;
  snoozed_at: Date | null;
  snoozed_until: Date | null;
  snooze_resume_to: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolved_auto: boolean | null;
  escalation_tier: number;
  escalations: { tier: number; at: string }[];
  updated_at: Date;
}

/** A stored alert: the lifecycle's {@link Alert} plus where it belongs. */
export interface StoredAlert {
  id: string;
  clinicId: string;
  patientId: string;
  alert: Alert;
  /** Value and time of the observation that opened the alert (the lifecycle keeps only the latest). */
  first: { value: number | null; at: Date };
  updatedAt: Date;
}

/** JSON form of an observation: dates become strings in jsonb. */
type StoredObservation = Omit<AlertObservation, 'observedAt' | 'evidence'> & { observedAt: string; evidence: StoredEvidence };
type StoredEvidence = { points: { metric: Metric; at: string; value: number }[]; window?: { from: string; to: string }; stats: Record<string, number> };

const date = (s: string): Date => new Date(s);

function evidenceFromJson(e: StoredEvidence): Evidence {
  return {
    points: e.points.map((p) => ({ ...p, at: date(p.at) })),
    ...(e.window === undefined ? {} : { window: { from: date(e.window.from), to: date(e.window.to) } }),
    stats: e.stats,
  };
}

const optional = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** The lifecycle's view of a row. Notes live in `alert_events`; the lifecycle does not need them to decide. */
export function toStoredAlert(r: AlertRow): StoredAlert {
  const latest: AlertObservation = { ...r.latest, observedAt: date(r.latest.observedAt), evidence: evidenceFromJson(r.latest.evidence) };
  const alert: Alert = {
    dedupeKey: r.dedupe_key,
    ruleId: r.rule_id,
    ruleKind: r.rule_kind as RuleKind,
    ...optional('subject', r.subject),
    ...optional('metric', r.metric as Metric | null),
    state: r.state as AlertState,
    severity: r.severity as Severity,
    openedAt: r.opened_at,
    count: r.count,
    latest,
    ...optional('urgentSince', r.urgent_since),
    ...(r.acknowledged_by && r.acknowledged_at ? { acknowledged: { by: r.acknowledged_by, at: r.acknowledged_at } } : {}),
    ...(r.state === 'snoozed' && r.snoozed_until
      ? { snoozed: { by: r.snoozed_by ?? '', at: r.snoozed_at ?? r.updated_at, until: r.snoozed_until, resumeTo: r.snooze_resume_to === 'acknowledged' ? ('acknowledged' as const) : ('open' as const) } }
      : {}),
    ...(r.resolved_at ? { resolved: { by: r.resolved_by ?? '', at: r.resolved_at, auto: r.resolved_auto ?? false } } : {}),
    escalations: r.escalations.map((e) => ({ tier: e.tier, at: date(e.at) })),
    notes: [],
  };
  return { id: r.id, clinicId: r.clinic_id, patientId: r.patient_id, alert, first: { value: r.first_value, at: r.first_at }, updatedAt: r.updated_at };
}

/**
 * Column values of an alert, in {@link ALERT_COLUMNS} order. Shared by insert and update so the
 * two can never disagree about a column.
 */
export function alertValues(a: Alert): unknown[] {
  const highestTier = a.escalations.reduce((max, e) => Math.max(max, e.tier), 0);
  return [
    a.ruleId,
    a.ruleKind,
    a.dedupeKey,
    a.subject ?? null,
    a.metric ?? null,
    a.severity,
    a.state,
    a.count,
    a.latest.message,
    a.latest.unit ?? null,
    a.latest.threshold,
    a.latest.value ?? null,
    a.latest.observedAt,
    JSON.stringify(a.latest),
    JSON.stringify(a.latest.evidence),
    a.openedAt,
    a.urgentSince ?? null,
    a.acknowledged?.by ?? null,
    a.acknowledged?.at ?? null,
    a.snoozed?.by ?? null,
    a.snoozed?.at ?? null,
    a.snoozed?.until ?? null,
    a.snoozed?.resumeTo ?? null,
    a.resolved?.by ?? null,
    a.resolved?.at ?? null,
    a.resolved?.auto ?? null,
    highestTier,
    JSON.stringify(a.escalations),
  ];
}

/** The columns {@link alertValues} fills, in order. */
export const ALERT_COLUMNS = [
  'rule_id',
  'rule_kind',
  'dedupe_key',
  'subject',
  'metric',
  'severity',
  'state',
  'count',
  'message',
  'unit',
  'threshold',
  'latest_value',
  'latest_at',
  'latest',
  'evidence',
  'opened_at',
  'urgent_since',
  'acknowledged_by',
  'acknowledged_at',
  'snoozed_by',
  'snoozed_at',
  'snoozed_until',
  'snooze_resume_to',
  'resolved_by',
  'resolved_at',
  'resolved_auto',
  'escalation_tier',
  'escalations',
] as const;
