import type { Job, JobType, Queue } from 'bullmq';
import { ConflictError, NotFoundError } from '../../../common/src/errors/index.ts';
import { jobSummary } from './job-view.ts';
import { JOB_STATES, type JobState, type JobSummary, type QueueSummary } from './schemas.ts';
import type { QueueBoardSource } from './source.ts';

const isJobState = (s: string): s is JobState => (JOB_STATES as readonly string[]).includes(s);

/**
 * What operators can do with the queues, through the BullMQ Queue API only, so it behaves the same
 * on Redis and on the PostgreSQL backend. Without a source (a process started without a queue
 * store) the board is empty and every queue is unknown.
 */
export function queueBoard(source: QueueBoardSource | null) {
  const queueNamed = (name: string): Queue => {
    const q = source?.queue(name);
    if (!q) throw new NotFoundError(`there is no queue called ${name}`);
    return q;
  };
  const jobIn = async (q: Queue, id: string): Promise<Job> => {
    const job = await q.getJob(id);
    if (!job) throw new NotFoundError(`queue ${q.name} has no job ${id}`);
    return job;
  };
  const stateOf = async (job: Job): Promise<JobState | 'unknown'> => {
    const s = await job.getState();
    return isJobState(s) ? s : 'unknown';
  };
  // BullMQ 6's PostgreSQL backend counts the waiting jobs of a paused queue as 'paused' (Redis
  // keeps them under 'waiting'); they are the same jobs and are listed as waiting on both.
  const countsOf = async (q: Queue): Promise<QueueSummary['counts']> => {
    const counts = await q.getJobCounts(...JOB_STATES, 'paused' as JobType);
    return Object.fromEntries(JOB_STATES.map((s) => [s, (counts[s] ?? 0) + (s === 'waiting' ? (counts['paused'] ?? 0) : 0)])) as QueueSummary['counts'];
  };
  const summary = async (q: Queue): Promise<QueueSummary> => {
    const [counts, paused] = await Promise.all([countsOf(q), q.isPaused()]);
    return { name: q.name, paused, counts };
  };

  return {
    async overview(): Promise<{ backend: QueueBoardSource['backend'] | null; queues: QueueSummary[] }> {
      if (!source) return { backend: null, queues: [] };
      return { backend: source.backend, queues: await Promise.all(source.names.map((n) => summary(queueNamed(n)))) };
    },

    /** A page of one state's jobs, newest first. */
    async jobs(name: string, q: { state: JobState; start: number; limit: number }) {
      const queue = queueNamed(name);
      const [jobs, counts] = await Promise.all([queue.getJobs([q.state], q.start, q.start + q.limit - 1), countsOf(queue)]);
      // a job finished and removed between the two reads comes back empty
      const listed = jobs.filter((j): j is Job => Boolean(j)).map((j) => jobSummary(j, q.state));
      return { queue: name, state: q.state, total: counts[q.state], start: q.start, jobs: listed };
    },

    /**
     * Run a failed job again (its attempts start over).
     * @throws ConflictError when the job is not failed
     */
    async retry(name: string, id: string): Promise<JobSummary> {
      const queue = queueNamed(name);
      const job = await jobIn(queue, id);
      const state = await stateOf(job);
      if (state !== 'failed') throw new ConflictError(`only a failed job can be retried; job ${id} is ${state}`);
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      const again = await jobIn(queue, id);
      return jobSummary(again, await stateOf(again));
    },

    /**
     * Remove a job that is not running.
     * @throws ConflictError while a worker holds it
     */
    async remove(name: string, id: string): Promise<void> {
      const queue = queueNamed(name);
      const job = await jobIn(queue, id);
      const busy = new ConflictError(`job ${id} is being processed; remove it once it has finished`);
      if ((await stateOf(job)) === 'active') throw busy;
      // 0: a worker took it (and locked it) since the state was read
      if ((await queue.remove(id)) === 0) throw busy;
    },

    async setPaused(name: string, paused: boolean): Promise<QueueSummary> {
      const queue = queueNamed(name);
      await (paused ? queue.pause() : queue.resume());
      return summary(queue);
    },
  };
}
