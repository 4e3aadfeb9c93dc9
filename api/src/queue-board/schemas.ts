import { z } from '@hono/zod-openapi';

/** The states a BullMQ job can be listed in (the same names on Redis and PostgreSQL). */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

const Counts = z.object(Object.fromEntries(JOB_STATES.map((s) => [s, z.number().int()])) as Record<JobState, z.ZodNumber>);

export const QueueSummary = z.object({ name: z.string(), paused: z.boolean(), counts: Counts }).openapi('QueueSummary');
export type QueueSummary = z.infer<typeof QueueSummary>;

export const QueueBoard = z
  .object({
    /** null: this API process was started without a queue store, so there is nothing to show. */
    backend: z.enum(['redis', 'postgres']).nullable(),
    queues: z.array(QueueSummary),
  })
  .openapi('QueueBoard');

/** A job as operators see it: ids, timings and the failure, never its data or result (they may hold PHI). */
export const JobSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.enum([...JOB_STATES, 'unknown']),
    createdAt: z.string(),
    /** When a delayed job is due. */
    runAt: z.string().nullable(),
    processedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    attemptsMade: z.number().int(),
    maxAttempts: z.number().int(),
    failedReason: z.string().nullable(),
  })
  .openapi('QueueJob');
export type JobSummary = z.infer<typeof JobSummary>;

export const JobPage = z
  .object({ queue: z.string(), state: z.enum(JOB_STATES), total: z.number().int(), start: z.number().int(), jobs: z.array(JobSummary) })
  .openapi('QueueJobPage');

export const QueueParams = z.object({ queue: z.string().regex(/^[a-z0-9-]{1,64}$/).openapi({ param: { name: 'queue', in: 'path' }, example: 'alert-evaluation' }) });
export const JobParams = QueueParams.extend({ jobId: z.string().min(1).max(256).openapi({ param: { name: 'jobId', in: 'path' } }) });

export const JobListQuery = z.object({
  state: z.enum(JOB_STATES).default('failed'),
  start: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
