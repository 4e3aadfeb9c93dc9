import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ValidationError } from '../../../common/src/errors/index.ts';
import { checkOverrides, effectiveRules } from '../../../alerts/src/rules/rule-config.ts';
import { loadClinicAlertConfig, loadPatientOverrides, loadPatientRuleContext, saveClinicAlertConfig, savePatientOverrides } from '../../../alerts/src/store/rule-config-repo.ts';
import { inTransaction } from '../../../alerts/src/store/transaction.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { actorOf } from '../auth/principal.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { body, clinicOf, json } from './route-kit.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { ClinicRuleConfig, ClinicRuleConfigBody, PatientParams, PatientRuleConfig, PatientRuleConfigBody } from './schemas.ts';

const staff = requireUser({ roles: ['admin', 'clinician'] });
const adminOnly = requireUser({ roles: ['admin'] });
const clinicians = requireUser({ roles: ['clinician'] });
const tags = ['alert rules'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Rule configuration (docs/alert-rules.md): the clinic's defaults and escalation policy (admins
 * change them) and per-patient overrides (clinicians of the patient's care team). Every change
 * is written to the audit log in the transaction that saves it.
 */
export function ruleConfigRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'get', path: '/v1/alert-rules', tags, middleware: [staff], responses: { 200: json(ClinicRuleConfig, 'your clinic’s rules and escalation policy (the shipped defaults until changed)') } }),
    async (c) => {
      const cfg = await loadClinicAlertConfig(deps.db, clinicOf(userOf(c).clinicId));
      return c.json({ rules: cfg.rules, escalation: cfg.escalation, updatedBy: cfg.updatedBy, updatedAt: iso(cfg.updatedAt) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'put', path: '/v1/alert-rules', tags, middleware: [adminOnly], request: body(ClinicRuleConfigBody), responses: { 200: json(ClinicRuleConfig, 'saved') } }),
    async (c) => {
      const cfg = c.req.valid('json');
      const user = userOf(c);
      const clinicId = clinicOf(user.clinicId);
      const now = deps.clock.now();
      await inTransaction(deps.db, async (tx) => {
        await saveClinicAlertConfig(tx, clinicId, cfg, actorOf(user), now);
        await auditRequest(c, { db: tx, clock: deps.clock }, { action: 'alert-rules.update', resource: `alert-rules/clinic/${clinicId}` });
      });
      return c.json({ ...cfg, updatedBy: actorOf(user), updatedAt: now.toISOString() }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/alert-rules', tags, middleware: [clinicians], request: { params: PatientParams }, responses: { 200: json(PatientRuleConfig, 'the patient’s overrides and the rules in effect') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await guardPatient(c, deps, patientId, 'readings', { action: 'alert-rules.read', resource: 'alert-rules' });
      const [own, ctx] = await Promise.all([loadPatientOverrides(deps.db, patientId), loadPatientRuleContext(deps.db, patientId)]);
      return c.json({ overrides: own.overrides, effective: ctx?.rules ?? [], updatedBy: own.updatedBy, updatedAt: iso(own.updatedAt) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/patients/{patientId}/alert-rules',
      tags,
      middleware: [clinicians],
      request: { params: PatientParams, ...body(PatientRuleConfigBody) },
      responses: { 200: json(PatientRuleConfig, 'saved'), 400: { description: 'an override names an unknown rule or the wrong kind, or an own rule reuses a clinic rule id' } },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const overrides = c.req.valid('json');
      // the access check comes first, so a denied caller learns nothing about the clinic's rules
      await guardPatient(c, deps, patientId, 'readings', { action: 'alert-rules.access', resource: 'alert-rules', write: true });
      const { rows } = await deps.db.query<{ clinic_id: string }>('SELECT clinic_id FROM patients WHERE id = $1', [patientId]);
      const clinic = await loadClinicAlertConfig(deps.db, rows[0]!.clinic_id);
      const problems = checkOverrides(clinic.rules, overrides);
      if (problems.length) throw new ValidationError('some overrides cannot apply', problems.map((p) => ({ path: p.ruleId, message: p.problem })));
      const user = userOf(c);
      const now = deps.clock.now();
      await inTransaction(deps.db, async (tx) => {
        await savePatientOverrides(tx, patientId, overrides, actorOf(user), now);
        await auditRequest(c, { db: tx, clock: deps.clock }, { patientId, action: 'alert-rules.update', resource: `alert-rules/patient/${patientId}` });
      });
      return c.json({ overrides, effective: effectiveRules(clinic.rules, overrides), updatedBy: actorOf(user), updatedAt: now.toISOString() }, 200);
    },
  );
  return app;
}
