import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { createNotifier, type NotifierDeps } from '../notifications/notifier.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { ATTACHMENT_TYPES, DEFAULT_ATTACHMENT_LIMITS, MAX_ATTACHMENTS, checkAttachment, contentDisposition, type AttachmentInput } from './attachments.ts';
import { inboxRoutes } from './inbox-routes.ts';
import { newMessageNotices } from './message-notices.ts';
import { guardThread } from './policy.ts';
import { AttachmentParams, ComposeInfo, NewMessage, NewThread, PatientParams, ReadResult, Thread, ThreadParams, ThreadSummary } from './schemas.ts';
import { addMessage, attachmentFile, createThread, listPatientThreads, markThreadRead, threadView, type Author } from './thread-repo.ts';
import { EMERGENCY_NOTICE, composeTopics } from './topics.ts';

const signedIn = requireUser();
const patientSide = requireUser({ roles: ['patient', 'proxy'] });
const tags = ['messages'];

/**
 * Secure messaging for patients and proxies (with the `messages` scope) and the staff who answer
 * them: compose, threads, replies with checked attachments, read receipts, downloads; the staff
 * inbox lives in inbox-routes.ts. Every response a patient writes from carries the emergency notice.
 */
export function messageRoutes(deps: NotifierDeps) {
  const app = createRouter();
  // the request body limit (MAX_BODY_BYTES) must leave room for these, base64-encoded
  const limits = DEFAULT_ATTACHMENT_LIMITS;
  const notifier = createNotifier(deps);
  const files = (inputs: readonly AttachmentInput[]) => inputs.map((a, i) => checkAttachment(a, i, limits));
  const authorOf = (c: Parameters<typeof userOf>[0]): Author => {
    const p = userOf(c);
    return { userId: p.userId, role: p.role };
  };

  app.openapi(
    createRoute({ method: 'get', path: '/v1/messages/compose-info', tags, middleware: [signedIn], responses: { 200: jsonContent(ComposeInfo, 'the emergency notice, topics and attachment rules for the compose screen') } }),
    async (c) => c.json({ emergencyNotice: EMERGENCY_NOTICE, topics: composeTopics(), attachments: { maxCount: MAX_ATTACHMENTS, maxBytesEach: limits.maxBytes, contentTypes: [...ATTACHMENT_TYPES] } }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/message-threads', tags, middleware: [signedIn], request: { params: PatientParams }, responses: { 200: jsonContent(z.object({ threads: z.array(ThreadSummary) }), "the patient's conversations, newest activity first") } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const d = await guardPatient(c, deps, patientId, 'messages', { action: 'messages.threads.read', resource: 'message-threads' });
      return c.json({ threads: await listPatientThreads(deps.db, patientId, userOf(c).userId, d.hideAdolescentConfidential) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/message-threads',
      tags,
      middleware: [patientSide],
      request: { params: PatientParams, ...jsonBody(NewThread) },
      responses: { 201: jsonContent(Thread, 'sent to the pool for the topic; shows the emergency notice') },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const body = c.req.valid('json');
      const author = authorOf(c);
      if (body.confidential && author.role !== 'patient') throw new ValidationError('only the patient can mark a conversation confidential', [{ path: 'confidential', message: 'patients only' }]);
      await guardPatient(c, deps, patientId, 'messages', { action: 'messages.thread.create', resource: 'message-threads', write: true });
      const attachments = files(body.attachments);
      const { rows } = await deps.db.query<{ clinic_id: string }>('SELECT clinic_id FROM patients WHERE id = $1', [patientId]);
      if (!rows[0]) throw new NotFoundError('no such patient');
      const now = deps.clock.now();
      const thread = await createThread(deps.db, { clinicId: rows[0].clinic_id, patientId, topic: body.topic, subject: body.subject, confidential: body.confidential }, author, { body: body.body, attachments }, now);
      await notifier.notify(await newMessageNotices(deps.db, thread, author, now));
      return c.json(await threadView(deps.db, thread.id, author.userId), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/message-threads/{threadId}', tags, middleware: [signedIn], request: { params: ThreadParams }, responses: { 200: jsonContent(Thread, 'the conversation with read receipts') } }),
    async (c) => {
      const { threadId } = c.req.valid('param');
      await guardThread(c, deps, threadId, { action: 'messages.thread.read' });
      return c.json(await threadView(deps.db, threadId, userOf(c).userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/message-threads/{threadId}/messages',
      tags,
      middleware: [signedIn],
      request: { params: ThreadParams, ...jsonBody(NewMessage) },
      responses: { 201: jsonContent(Thread, 'added; the conversation as it now stands, with the emergency notice') },
    }),
    async (c) => {
      const { threadId } = c.req.valid('param');
      const body = c.req.valid('json');
      await guardThread(c, deps, threadId, { action: 'messages.reply', write: true });
      const author = authorOf(c);
      const now = deps.clock.now();
      const { thread } = await addMessage(deps.db, threadId, author, { body: body.body, attachments: files(body.attachments), correctsMessageId: body.correctsMessageId }, now);
      await notifier.notify(await newMessageNotices(deps.db, thread, author, now));
      return c.json(await threadView(deps.db, threadId, author.userId), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/v1/message-threads/{threadId}/read', tags, middleware: [signedIn], request: { params: ThreadParams }, responses: { 200: jsonContent(ReadResult, 'read receipts written for every message by someone else') } }),
    async (c) => {
      const { threadId } = c.req.valid('param');
      await guardThread(c, deps, threadId, { action: 'messages.mark_read' });
      return c.json({ marked: await markThreadRead(deps.db, threadId, userOf(c).userId, deps.clock.now()) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/message-threads/{threadId}/attachments/{attachmentId}',
      tags,
      middleware: [signedIn],
      request: { params: AttachmentParams },
      responses: { 200: { description: 'the file, as a download', content: Object.fromEntries(ATTACHMENT_TYPES.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])) } },
    }),
    async (c) => {
      const { threadId, attachmentId } = c.req.valid('param');
      await guardThread(c, deps, threadId, { action: 'messages.attachment.read' });
      const f = await attachmentFile(deps.db, threadId, attachmentId);
      return c.body(new Uint8Array(f.data), 200, { 'content-type': f.content_type, 'content-disposition': contentDisposition(f.filename), 'cache-control': 'private, no-store' });
    },
  );

  app.route('/', inboxRoutes(deps));
  return app;
}
