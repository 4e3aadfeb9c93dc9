/**
 * Time and contact logging (issue 12): a clinician starts and stops a timer (server-side
 * timestamps; one running timer per clinician and patient), enters minutes of monitoring work, or
 * records an interactive communication with its channel, date and duration. These are the
 * evidence of CPT 99457/99458 (api/src/rpm-billing). Clinicians only, through guardPatient
 * (scope `readings`), which audits every read and write.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ValidationError } from '../../../common/src/errors/index.ts';
import { requireUser, userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { loadPatientContext } from '../trends/patient-context.ts';
import { localCalendar } from '../trends/stats/time-zone.ts';
import { monthInstants } from '../rpm-billing/local-month.ts';
import type { CommunicationChannel } from '../rpm-billing/rule-set.ts';
import { addEntry, entriesBetween, startTimer, stopTimer } from './repo.ts';
import { Communication, ManualEntry, MonthLog, MonthQuery, PatientParams, StoppedTimer, TimeEntry } from './schemas.ts';

export interface TimeLogRouteDeps {
  db: pg.Pool;
  clock: Clock;
}

const tags = ['time-logs'];
const clinicians = requireUser({ roles: ['clinician'] });
const base = '/v1/patients/{patientId}';
/** Clocks of clinicians' devices drift; work "in the future" beyond this is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const guardWrite = (c: Context<AppEnv>, deps: TimeLogRouteDeps, patientId: string, action: string) => guardPatient(c, deps, patientId, 'readings', { action, resource: 'time-logs', write: true });

/** @throws ValidationError when the work would end in the future */
function checkPast(startedAt: Date, minutes: number, now: Date): void {
  if (startedAt.getTime() + minutes * 60_000 > now.getTime() + FUTURE_TOLERANCE_MS) throw new ValidationError('the work cannot end in the future', [{ path: 'startedAt', message: 'startedAt + minutes is after now' }]);
}

export function timeLogRoutes(deps: TimeLogRouteDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'post', path: `${base}/time-logs/timer`, tags, summary: 'Start your timer for the patient (server clock)', middleware: [clinicians] as const, request: { params: PatientParams }, responses: { 201: jsonContent(TimeEntry, 'running') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await guardWrite(c, deps, patientId, 'time-logs.timer-start');
      return c.json(await startTimer(deps.db, patientId, userOf(c).userId, deps.clock.now()), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${base}/time-logs/timer/stop`, tags, summary: 'Stop your running timer for the patient', middleware: [clinicians] as const, request: { params: PatientParams }, responses: { 200: jsonContent(StoppedTimer, 'stopped') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await guardWrite(c, deps, patientId, 'time-logs.timer-stop');
      return c.json(await stopTimer(deps.db, patientId, userOf(c).userId, deps.clock.now()), 200);
    },
  );

  /** Minutes by hand and communications: the same checks, one row each. */
  const logged = (kind: 'manual' | 'communication', action: string) => async (c: Context<AppEnv>, patientId: string, body: { startedAt: string; minutes: number; note?: string | undefined; channel?: CommunicationChannel }) => {
    const now = deps.clock.now();
    const startedAt = new Date(body.startedAt);
    checkPast(startedAt, body.minutes, now);
    await guardWrite(c, deps, patientId, action);
    return addEntry(deps.db, { patientId, clinicianId: userOf(c).userId, kind, channel: body.channel ?? null, startedAt, seconds: Math.round(body.minutes * 60), note: body.note ?? null, now });
  };
  const logManual = logged('manual', 'time-logs.create');
  const logCommunication = logged('communication', 'communications.create');

  app.openapi(
    createRoute({ method: 'post', path: `${base}/time-logs`, tags, summary: 'Enter minutes of monitoring work', middleware: [clinicians] as const, request: { params: PatientParams, ...jsonBody(ManualEntry) }, responses: { 201: jsonContent(TimeEntry, 'logged') } }),
    async (c) => c.json(await logManual(c, c.req.valid('param').patientId, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({ method: 'post', path: `${base}/communications`, tags, summary: 'Record an interactive communication (video, phone, message exchange)', middleware: [clinicians] as const, request: { params: PatientParams, ...jsonBody(Communication) }, responses: { 201: jsonContent(TimeEntry, 'recorded') } }),
    async (c) => c.json(await logCommunication(c, c.req.valid('param').patientId, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({ method: 'get', path: `${base}/time-logs`, tags, summary: 'Time entries and communications of a local month, with totals', middleware: [clinicians] as const, request: { params: PatientParams, query: MonthQuery }, responses: { 200: jsonContent(MonthLog, 'the month') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await guardPatient(c, deps, patientId, 'readings', { action: 'time-logs.read', resource: 'time-logs' });
      const { timeZone } = await loadPatientContext(deps.db, patientId);
      const calendar = localCalendar(timeZone);
      const month = c.req.valid('query').month ?? calendar.localDate(deps.clock.now()).slice(0, 7);
      const { from, to } = monthInstants(month, calendar);
      const entries = await entriesBetween(deps.db, patientId, new Date(from), new Date(to));
      const seconds = entries.reduce((s, e) => s + (e.seconds ?? 0), 0);
      const communications = { video: 0, phone: 0, message: 0 };
      for (const e of entries) if (e.channel) communications[e.channel]++;
      return c.json({ month, timeZone, entries, totals: { seconds, minutes: Math.floor(seconds / 60), communications } }, 200);
    },
  );
  return app;
}
