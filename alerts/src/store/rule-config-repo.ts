import type pg from 'pg';
import { defaultClinicRules } from '../rules/default-rules.ts';
import { defaultEscalationPolicy, EscalationPolicy } from '../rules/lifecycle.ts';
import { ClinicRules, effectiveRules, PatientRuleOverrides, type PatientFlag, type RuleConfig } from '../rules/rule-config.ts';
import type { Tx } from './transaction.ts';

type Queryable = Pick<pg.Pool, 'query'> | Tx;

/** A clinic's rules and escalation policy, and who last changed them (null: the shipped defaults). */
export interface ClinicAlertConfig {
  rules: ClinicRules;
  escalation: EscalationPolicy;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** A patient's rule overrides and who last changed them. */
export interface PatientOverridesRecord {
  overrides: PatientRuleOverrides;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/**
 * Diagnoses recorded on the patient (`patients.conditions`) that imply a rule flag, so that a
 * heart-failure patient gets the weight-gain rule without anyone setting the flag by hand.
 */
const FLAGS_FROM_CONDITIONS: Record<string, PatientFlag> = {
  heart_failure: 'heart_failure',
  type1_diabetes: 'diabetes',
  type2_diabetes: 'diabetes',
  diabetes: 'diabetes',
  hypertension: 'hypertension',
  copd: 'copd',
};

/** A stored `alert_rule_config` row's rules and policy, or the shipped defaults without one. */
function clinicRulesOf(row: { rules: unknown; escalation: unknown } | undefined): Pick<ClinicAlertConfig, 'rules' | 'escalation'> {
  return row ? { rules: ClinicRules.parse(row.rules), escalation: EscalationPolicy.parse(row.escalation) } : { rules: defaultClinicRules(), escalation: defaultEscalationPolicy() };
}

/** A stored `patient_alert_rules` row's overrides, or none without one. */
const overridesOf = (stored: unknown): PatientRuleOverrides => PatientRuleOverrides.parse(stored ?? {});

/** The clinic's configuration, or the shipped defaults when it has never saved one. */
export async function loadClinicAlertConfig(db: Queryable, clinicId: string): Promise<ClinicAlertConfig> {
  const { rows } = await db.query<{ rules: unknown; escalation: unknown; updated_by: string; updated_at: Date }>(
    'SELECT rules, escalation, updated_by, updated_at FROM alert_rule_config WHERE clinic_id = $1',
    [clinicId],
  );
  const r = rows[0];
  return { ...clinicRulesOf(r), updatedBy: r?.updated_by ?? null, updatedAt: r?.updated_at ?? null };
}

/** The patient's overrides (empty when none were saved). */
export async function loadPatientOverrides(db: Queryable, patientId: string): Promise<PatientOverridesRecord> {
  const { rows } = await db.query<{ overrides: unknown; updated_by: string; updated_at: Date }>(
    'SELECT overrides, updated_by, updated_at FROM patient_alert_rules WHERE patient_id = $1',
    [patientId],
  );
  const r = rows[0];
  return { overrides: overridesOf(r?.overrides), updatedBy: r?.updated_by ?? null, updatedAt: r?.updated_at ?? null };
}

/** Everything the worker needs to judge one patient. */
export interface PatientRuleContext {
  clinicId: string;
  rules: RuleConfig[];
  escalation: EscalationPolicy;
  /**
   * Dedupe keys of the patient's unresolved alerts when the context was read. Only a hint, for
   * skipping evaluations with nothing to store: the transaction that stores reads them again.
   */
  unresolved: ReadonlySet<string>;
}

/**
 * The rules in effect for a patient: clinic configuration merged with the patient's overrides,
 * with flags from both the overrides and the recorded diagnoses. Null for an unknown patient.
 * One round trip: it runs for every alert evaluation.
 */
export async function loadPatientRuleContext(db: Queryable, patientId: string): Promise<PatientRuleContext | null> {
  const { rows } = await db.query<{ clinic_id: string; conditions: string[]; rules: unknown; escalation: unknown; overrides: unknown; unresolved: string[] }>(
    `SELECT p.clinic_id, p.conditions, c.rules, c.escalation, o.overrides,
            ARRAY(SELECT a.dedupe_key FROM alerts a WHERE a.patient_id = p.id AND a.state <> 'resolved') AS unresolved
       FROM patients p
       LEFT JOIN alert_rule_config c ON c.clinic_id = p.clinic_id
       LEFT JOIN patient_alert_rules o ON o.patient_id = p.id
      WHERE p.id = $1`,
    [patientId],
  );
  const r = rows[0];
  if (!r) return null;
  // the LEFT JOINs give nulls where the clinic or the patient saved nothing
  const clinic = clinicRulesOf(r.rules === null ? undefined : { rules: r.rules, escalation: r.escalation });
  const own = overridesOf(r.overrides);
  const implied = r.conditions.flatMap((c) => (FLAGS_FROM_CONDITIONS[c] ? [FLAGS_FROM_CONDITIONS[c]] : []));
  const flags = [...new Set([...own.flags, ...implied])];
  return { clinicId: r.clinic_id, rules: effectiveRules(clinic.rules, { ...own, flags }), escalation: clinic.escalation, unresolved: new Set(r.unresolved) };
}

/** Saves a clinic's configuration (the caller audits it in the same transaction). */
export async function saveClinicAlertConfig(tx: Tx, clinicId: string, config: { rules: ClinicRules; escalation: EscalationPolicy }, by: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO alert_rule_config (clinic_id, rules, escalation, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (clinic_id) DO UPDATE SET rules = EXCLUDED.rules, escalation = EXCLUDED.escalation, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [clinicId, JSON.stringify(config.rules), JSON.stringify(config.escalation), by, now],
  );
}

/** Saves a patient's overrides (the caller audits it in the same transaction). */
export async function savePatientOverrides(tx: Tx, patientId: string, overrides: PatientRuleOverrides, by: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO patient_alert_rules (patient_id, overrides, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (patient_id) DO UPDATE SET overrides = EXCLUDED.overrides, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [patientId, JSON.stringify(overrides), by, now],
  );
}
