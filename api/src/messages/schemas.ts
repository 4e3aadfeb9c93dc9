import { z } from '@hono/zod-openapi';
import { ATTACHMENT_TYPES, MAX_ATTACHMENTS } from './attachments.ts';
import { POOLS, THREAD_STATUSES, TOPICS } from './topics.ts';

export const Topic = z.enum(TOPICS).openapi('MessageTopic');
export const Pool = z.enum(POOLS).openapi('MessagePool');
export const ThreadStatus = z.enum(THREAD_STATUSES).openapi('MessageThreadStatus');

export const PatientParams = z.object({ patientId: z.uuid() });
export const ThreadParams = z.object({ threadId: z.uuid() });
export const AttachmentParams = z.object({ threadId: z.uuid(), attachmentId: z.uuid() });

export const AttachmentInput = z
  .object({
    filename: z.string().min(1).max(255),
    contentType: z.string().min(1).max(100).describe(`one of ${ATTACHMENT_TYPES.join(', ')}; checked against the file's first bytes`),
    data: z.base64().describe('the file, base64-encoded (like FHIR Attachment.data)'),
  })
  .openapi('MessageAttachmentInput');

const MessageFields = {
  body: z.string().trim().min(1).max(10_000),
  attachments: z.array(AttachmentInput).max(MAX_ATTACHMENTS).default([]),
};

export const NewThread = z
  .object({
    topic: Topic,
    subject: z.string().trim().min(1).max(200),
    ...MessageFields,
    confidential: z.boolean().default(false).describe('an adolescent patient can keep the conversation from a parent proxy'),
  })
  .openapi('NewMessageThread');

export const NewMessage = z
  .object({ ...MessageFields, correctsMessageId: z.uuid().optional().describe('messages are never edited: a correction is a new message pointing at the one it corrects') })
  .openapi('NewMessage');

const Person = z.object({ id: z.uuid(), displayName: z.string() });

export const Attachment = z.object({ id: z.uuid(), filename: z.string(), contentType: z.enum(ATTACHMENT_TYPES), sizeBytes: z.number().int() }).openapi('MessageAttachment');

export const Receipt = z.object({ userId: z.uuid(), displayName: z.string(), readAt: z.string() }).openapi('ReadReceipt');

export const Message = z
  .object({
    id: z.uuid(),
    author: Person.extend({ role: z.enum(['patient', 'proxy', 'clinician', 'admin']) }),
    body: z.string(),
    sentAt: z.string(),
    correctsMessageId: z.uuid().nullable(),
    attachments: z.array(Attachment),
    readBy: z.array(Receipt).describe('everyone but the author who has read it, with when'),
  })
  .openapi('Message');

export const ThreadSummary = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    topic: Topic,
    pool: Pool,
    subject: z.string(),
    status: ThreadStatus,
    assignee: Person.nullable(),
    confidential: z.boolean(),
    createdAt: z.string(),
    lastMessageAt: z.string(),
    unread: z.number().int().describe('messages you have not read'),
  })
  .openapi('MessageThreadSummary');

export const InboxThread = ThreadSummary.extend({
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  awaitingStaff: z.boolean().describe('the newest message is from the patient side'),
}).openapi('InboxThread');

export const Thread = ThreadSummary.extend({ emergencyNotice: z.string(), messages: z.array(Message) }).openapi('MessageThread');

export const ComposeInfo = z
  .object({
    emergencyNotice: z.string(),
    topics: z.array(z.object({ topic: Topic, label: z.string(), description: z.string(), pool: Pool, poolLabel: z.string() })),
    attachments: z.object({ maxCount: z.number().int(), maxBytesEach: z.number().int(), contentTypes: z.array(z.string()) }),
  })
  .openapi('MessageComposeInfo');

export const InboxQuery = z.object({
  status: ThreadStatus.optional(),
  assigned: z.enum(['me', 'unassigned', 'any']).default('any'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const AssignBody = z.object({ assigneeId: z.uuid().nullable().describe('a member of the thread’s pool, or null to unassign') }).openapi('AssignThread');
export const StatusBody = z.object({ status: ThreadStatus }).openapi('SetThreadStatus');
export const ReadResult = z.object({ marked: z.number().int() }).openapi('ThreadMarkedRead');

export const MetricsQuery = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });
export const PoolMetrics = z
  .object({
    pool: Pool,
    threads: z.number().int(),
    answered: z.number().int(),
    unanswered: z.number().int(),
    medianMinutes: z.number().nullable().describe('from the patient’s first message to the first staff reply'),
    p90Minutes: z.number().nullable(),
    meanMinutes: z.number().nullable(),
  })
  .openapi('MessagePoolMetrics');
export const Metrics = z.object({ from: z.string(), to: z.string(), pools: z.array(PoolMetrics) }).openapi('MessageMetrics');
