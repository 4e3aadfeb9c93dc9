import { z } from '@hono/zod-openapi';
import { Note } from '../portal-records/http.ts';
import { SensitiveCategory } from '../portal-records/visibility.ts';
import { Questionnaire, ResponseItem } from './questionnaire-schema.ts';

export const PublishedQuestionnaire = z
  .object({ id: z.uuid(), category: SensitiveCategory.nullable(), current: z.boolean().describe('the last published version of its form: the one to answer'), publishedAt: z.string(), resource: Questionnaire })
  .openapi('PublishedQuestionnaire');

export const PublishQuestionnaire = z
  .object({ questionnaire: Questionnaire, category: SensitiveCategory.optional().describe('responses to a form of this category are hidden from proxies unless shared') })
  .openapi('PublishQuestionnaire');

export const NewQuestionnaireResponse = z
  .object({ questionnaireId: z.uuid().describe('the published version answered'), item: z.array(ResponseItem).max(500) })
  .openapi('NewQuestionnaireResponse', { description: 'Submitting signs the response: the signer is the signed-in person, the time the server’s.' });

/** A stored response as FHIR R4 QuestionnaireResponse JSON (see questionnaire-response.ts). */
export const QuestionnaireResponseResource = z
  .object({
    resourceType: z.literal('QuestionnaireResponse'),
    id: z.uuid(),
    extension: z.array(z.object({ url: z.string(), valueSignature: z.object({ type: z.array(z.object({ system: z.string(), code: z.string(), display: z.string() })), when: z.string(), who: z.object({ display: z.string() }), onBehalfOf: z.object({ reference: z.string() }).optional() }) })),
    questionnaire: z.string().describe('canonical url|version'),
    status: z.enum(['completed', 'amended', 'entered-in-error']),
    subject: z.object({ reference: z.string() }),
    authored: z.string(),
    author: z.union([z.object({ reference: z.string() }), z.object({ display: z.string() })]),
    item: z.array(ResponseItem),
  })
  .openapi('QuestionnaireResponse');

export const ConsentKind = z.enum(['rpm_program', 'telehealth', 'data_sharing']);
export const ConsentDocument = z.object({ id: z.uuid(), kind: ConsentKind, version: z.number().int(), title: z.string(), body: z.string() }).openapi('ConsentDocument');
export const Consent = z
  .object({
    id: z.uuid(),
    document: ConsentDocument.omit({ body: true }),
    status: z.enum(['active', 'revoked', 'superseded']),
    signedAt: z.string(),
    signedBy: z.string(),
    endedAt: z.string().nullable().describe('when it was revoked, or superseded by a newer version'),
    endNote: z.string().nullable(),
  })
  .openapi('Consent');
export const Consents = z
  .object({ documents: z.array(ConsentDocument).describe('the current version of each document'), consents: z.array(Consent).describe('every consent given, newest first, revoked ones included') })
  .openapi('Consents');
export const SignConsent = z.object({ documentId: z.uuid() }).openapi('SignConsent');
export const RevokeConsent = z.object({ reason: Note(1000).optional() }).openapi('RevokeConsent');
