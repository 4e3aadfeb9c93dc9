import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import type { LiveEvents } from '../../../common/src/live-events.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { acknowledge, addNote, resolve, snooze } from '../../../alerts/src/rules/lifecycle.ts';
import type { AlertEventInput } from '../../../alerts/src/store/alert-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf } from '../auth/principal.ts';
import { requireUser, userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { adminAlertRoutes } from './admin-routes.ts';
import { loadPreferences, savePreferences } from './preferences-repo.ts';
import { alertDetail, clinicianInbox, patientAlerts } from './repo.ts';
import { body, json } from './route-kit.ts';
import { ruleConfigRoutes } from './rule-config-routes.ts';
import { Alert, AlertDetail, AlertListQuery, AlertParams, InboxAlert, NoteBody, PatientAlerts, PatientParams, Preferences, SnoozeBody } from './schemas.ts';
import { alertStreamRoutes } from './stream.ts';
import { transitionAlert, type TransitionStep } from './transition.ts';

export interface AlertRouteDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** Live events: the SSE stream reads them, lifecycle changes publish on them. Null: the stream sends heartbeats only. */
  live: LiveEvents | null;
  /** SSE heartbeat comment interval (tests shorten it). */
  heartbeatMs?: number;
}

const clinicians = requireUser({ roles: ['clinician'] });
const signedIn = requireUser();
const tags = ['alerts'];

/**
 * Alerts over HTTP: the clinician inbox, a patient's alerts, the lifecycle (acknowledge, resolve,
 * snooze, note — pure functions of alerts/src/rules/lifecycle.ts; a refused step is 409), rule
 * configuration, notification preferences, the live stream and the webhook administration.
 *
 * Patients and proxies (with the `readings` scope) see the patient's alerts only after opting in
 * (`ownAlerts` in their preferences): alerts are triage for the care team, and an unexplained
 * "urgent" seen alone at home can alarm more than it helps, so seeing them is a choice.
 */
export function alertsRoutes(deps: AlertRouteDeps) {
  const app = createRouter();
  const now = () => deps.clock.now();

  app.openapi(
    createRoute({ method: 'get', path: '/v1/alerts', tags, middleware: [clinicians], request: { query: AlertListQuery }, responses: { 200: json(z.object({ alerts: z.array(InboxAlert) }), 'alerts of your care teams’ patients, most severe first, then newest') } }),
    async (c) => {
      const q = c.req.valid('query');
      const user = userOf(c);
      const alerts = await clinicianInbox(deps.db, user.userId, { states: q.state, severities: q.severity, limit: q.limit }, now());
      // "who viewed my record": one entry per patient whose alerts were shown
      const patients = [...new Set(alerts.map((a) => a.patientId))];
      await appendAudit(deps.db, deps.clock, patients.map((patientId) => ({ actor: actorOf(user), actorRole: user.role, patientId, action: 'alerts.inbox.read', resource: 'alerts', reason: 'via care_team', requestId: c.get('requestId') })));
      return c.json({ alerts }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/alerts/preferences', tags, middleware: [signedIn], responses: { 200: json(Preferences, 'your notification preferences') } }),
    async (c) => c.json(await loadPreferences(deps.db, userOf(c).userId), 200),
  );
  app.openapi(
    createRoute({ method: 'put', path: '/v1/alerts/preferences', tags, middleware: [signedIn], request: body(Preferences), responses: { 200: json(Preferences, 'saved') } }),
    async (c) => {
      const prefs = c.req.valid('json');
      await savePreferences(deps.db, userOf(c).userId, prefs, now());
      return c.json(prefs, 200);
    },
  );

  /** Whether a patient or proxy opted in to see alerts; staff always see them (after the guard). */
  const mayList = async (c: Context<AppEnv>) => {
    const user = userOf(c);
    return user.role === 'clinician' || user.role === 'admin' || (await loadPreferences(deps.db, user.userId)).ownAlerts;
  };

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/alerts', tags, middleware: [signedIn], request: { params: PatientParams, query: AlertListQuery }, responses: { 200: json(PatientAlerts, 'the patient’s alerts') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const q = c.req.valid('query');
      await guardPatient(c, deps, patientId, 'readings', { action: 'alerts.read', resource: 'alerts' });
      if (!(await mayList(c))) return c.json({ optedIn: false, alerts: [] }, 200);
      return c.json({ optedIn: true, alerts: await patientAlerts(deps.db, patientId, { states: q.state, severities: q.severity, limit: q.limit }, now()) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/alerts/{alertId}', tags, middleware: [signedIn], request: { params: AlertParams }, responses: { 200: json(AlertDetail, 'the alert and its history') } }),
    async (c) => {
      const { patientId, alertId } = c.req.valid('param');
      await guardPatient(c, deps, patientId, 'readings', { action: 'alerts.read', resource: `alerts/${alertId}` });
      const detail = (await mayList(c)) ? await alertDetail(deps.db, patientId, alertId, now()) : null;
      if (detail === null) throw new NotFoundError('no such alert');
      return c.json(detail, 200);
    },
  );

  /** The clinician actions: same path shape, guard and response; only the lifecycle step and its history entry differ. */
  const actionRoute = <R extends object>(name: 'acknowledge' | 'resolve' | 'snooze' | 'notes', request: R) =>
    createRoute({
      method: 'post',
      path: `/v1/patients/{patientId}/alerts/{alertId}/${name}`,
      tags,
      middleware: [clinicians],
      request: { params: AlertParams, ...request },
      responses: { 200: json(Alert, 'the alert after the change'), 409: { description: 'the alert’s state does not allow this (problem+json with action, from, reason)' } },
    });
  const act = async (c: Context<AppEnv>, target: z.infer<typeof AlertParams>, name: string, step: (actor: string) => TransitionStep, history: Omit<AlertEventInput, 'at' | 'actor'>) => {
    await guardPatient(c, deps, target.patientId, 'readings', { action: `alerts.${name}`, resource: `alerts/${target.alertId}`, write: true });
    const actor = actorOf(userOf(c));
    return transitionAlert(deps, target, step(actor), (_a, at) => ({ at, actor, ...history }));
  };
  app.openapi(actionRoute('acknowledge', {}), async (c) => c.json(await act(c, c.req.valid('param'), 'acknowledge', (by) => (a, at) => acknowledge(a, by, at), { action: 'acknowledged' }), 200));
  app.openapi(actionRoute('resolve', {}), async (c) => c.json(await act(c, c.req.valid('param'), 'resolve', (by) => (a, at) => resolve(a, by, at), { action: 'resolved' }), 200));
  app.openapi(actionRoute('snooze', body(SnoozeBody)), async (c) => {
    const input = c.req.valid('json');
    const until = (at: Date) => (input.until ? new Date(input.until) : new Date(at.getTime() + (input.minutes ?? 0) * 60_000));
    return c.json(await act(c, c.req.valid('param'), 'snooze', (by) => (a, at) => snooze(a, { by, until: until(at) }, at), { action: 'snoozed', detail: input.until ? { until: input.until } : { minutes: input.minutes } }), 200);
  });
  app.openapi(actionRoute('notes', body(NoteBody)), async (c) => {
    const { text } = c.req.valid('json');
    return c.json(await act(c, c.req.valid('param'), 'note', (by) => (a, at) => addNote(a, { by, text }, at), { action: 'note', note: text.trim() }), 200);
  });

  app.route('/', ruleConfigRoutes(deps));
  app.route('/', alertStreamRoutes(deps));
  app.route('/', adminAlertRoutes(deps));
  return app;
}
