import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { PatientIdParam, jsonBody, jsonResponse, patientChildParams, patientOrProxy } from '../portal-records/http.ts';
import { patientConsents } from './consent-repo.ts';
import { getQuestionnaire, listQuestionnaires, patientResponses, publishQuestionnaire } from './repo.ts';
import { Consent, Consents, NewQuestionnaireResponse, PublishQuestionnaire, PublishedQuestionnaire, QuestionnaireResponseResource, RevokeConsent, SignConsent } from './schemas.ts';

const tags = ['forms'];
const signedIn = requireUser();

const routes = {
  list: createRoute({ method: 'get', path: '/v1/questionnaires', tags, summary: 'The current version of each active form', middleware: [signedIn] as const, responses: { 200: jsonResponse('forms', z.object({ questionnaires: z.array(PublishedQuestionnaire) })) } }),
  get: createRoute({ method: 'get', path: '/v1/questionnaires/{questionnaireId}', tags, summary: 'One published version of a form', middleware: [signedIn] as const, request: { params: z.object({ questionnaireId: z.uuid() }) }, responses: { 200: jsonResponse('the form', PublishedQuestionnaire) } }),
  publish: createRoute({ method: 'post', path: '/v1/questionnaires', tags, summary: 'Publish a version of a form (admin)', middleware: [requireUser({ roles: ['admin'] })] as const, request: { body: jsonBody(PublishQuestionnaire) }, responses: { 201: jsonResponse('published', PublishedQuestionnaire) } }),
  responses: createRoute({
    method: 'get',
    path: '/v1/patients/{patientId}/questionnaire-responses',
    tags,
    summary: "The patient's answered forms (FHIR QuestionnaireResponse)",
    middleware: [signedIn] as const,
    request: { params: PatientIdParam },
    responses: { 200: jsonResponse('newest first; forms of a hidden sensitive category are left out for proxies', z.object({ responses: z.array(QuestionnaireResponseResource) })) },
  }),
  submit: createRoute({
    method: 'post',
    path: '/v1/patients/{patientId}/questionnaire-responses',
    tags,
    summary: 'Answer and sign a form',
    description: 'Answers are checked against the form: required items, answer types and choice options. Problems are a 422 listing each `item.<linkId>`.',
    middleware: [patientOrProxy] as const,
    request: { params: PatientIdParam, body: jsonBody(NewQuestionnaireResponse) },
    responses: { 201: jsonResponse('stored and signed', QuestionnaireResponseResource) },
  }),
  consents: createRoute({ method: 'get', path: '/v1/patients/{patientId}/consents', tags, summary: 'Consent documents and the history of consents given', middleware: [signedIn] as const, request: { params: PatientIdParam }, responses: { 200: jsonResponse('documents and consents', Consents) } }),
  sign: createRoute({ method: 'post', path: '/v1/patients/{patientId}/consents', tags, summary: 'Sign a consent document', middleware: [patientOrProxy] as const, request: { params: PatientIdParam, body: jsonBody(SignConsent) }, responses: { 201: jsonResponse('signed', Consent) } }),
  revoke: createRoute({ method: 'post', path: '/v1/patients/{patientId}/consents/{consentId}/revoke', tags, summary: 'Revoke a consent', middleware: [patientOrProxy] as const, request: { params: patientChildParams('consentId'), body: jsonBody(RevokeConsent) }, responses: { 200: jsonResponse('revoked; kept in the history', Consent) } }),
};

/** Questionnaires (FHIR-shaped, versioned forms), signed responses, and consents (sign, revoke, history). */
export function formRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json({ questionnaires: await listQuestionnaires(deps.db) }, 200));

  app.openapi(routes.get, async (c) => c.json(await getQuestionnaire(deps.db, c.req.valid('param').questionnaireId), 200));

  app.openapi(routes.publish, async (c) => {
    const { questionnaire, category } = c.req.valid('json');
    const published = await publishQuestionnaire(deps.db, questionnaire, category ?? null);
    await auditRequest(c, deps, { action: 'questionnaire.publish', resource: `questionnaire/${published.id}` });
    return c.json(published, 201);
  });

  app.openapi(routes.responses, async (c) => {
    const { patientId } = c.req.valid('param');
    const access = await guardPatient(c, deps, patientId, 'record', { action: 'forms.read', resource: 'questionnaire-responses' });
    return c.json({ responses: await patientResponses(deps.db, patientId, access).list() }, 200);
  });

  app.openapi(routes.submit, async (c) => {
    const { patientId } = c.req.valid('param');
    const body = c.req.valid('json');
    const access = await guardPatient(c, deps, patientId, 'record', { action: 'forms.submit', resource: `questionnaire/${body.questionnaireId}`, write: true });
    return c.json(await patientResponses(deps.db, patientId, access).submit(body.questionnaireId, body.item, userOf(c).userId, deps.clock.now()), 201);
  });

  app.openapi(routes.consents, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'record', { action: 'consents.read', resource: 'consents' });
    return c.json(await patientConsents(deps.db, patientId).list(), 200);
  });

  app.openapi(routes.sign, async (c) => {
    const { patientId } = c.req.valid('param');
    const { documentId } = c.req.valid('json');
    await guardPatient(c, deps, patientId, 'record', { action: 'consents.sign', resource: `consent-document/${documentId}`, write: true });
    return c.json(await patientConsents(deps.db, patientId).sign(documentId, userOf(c).userId, deps.clock.now()), 201);
  });

  app.openapi(routes.revoke, async (c) => {
    const { patientId, consentId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'record', { action: 'consents.revoke', resource: `consent/${consentId}`, write: true });
    return c.json(await patientConsents(deps.db, patientId).revoke(consentId, c.req.valid('json').reason, userOf(c).userId, deps.clock.now()), 200);
  });

  return app;
}
