/** @jsxImportSource hono/jsx/dom */
import type { Child } from 'hono/jsx';
import { api, problemText } from '../lib/api.ts';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { onReady } from '../lib/page.ts';
import { fill, say } from '../lib/ui.tsx';

/** The API's shapes (api/src/queue-board/schemas.ts). */
type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'completed' | 'failed';
interface QueueSummary {
  name: string;
  paused: boolean;
  counts: Record<JobState, number>;
}
interface Job {
  id: string;
  name: string;
  state: JobState | 'unknown';
  createdAt: string;
  runAt: string | null;
  finishedAt: string | null;
  attemptsMade: number;
  maxAttempts: number;
  failedReason: string | null;
}
interface JobPage {
  queue: string;
  state: JobState;
  total: number;
  start: number;
  jobs: Job[];
}

/** Column order, and the words operators read. */
const STATES: Array<[JobState, string]> = [
  ['waiting', 'Waiting'],
  ['prioritized', 'Prioritized'],
  ['delayed', 'Scheduled'],
  ['waiting-children', 'Waiting for sub-jobs'],
  ['active', 'Running'],
  ['failed', 'Failed'],
  ['completed', 'Done'],
];
const stateWord = (s: string) => STATES.find(([k]) => k === s)?.[1] ?? s;
const PAGE_SIZE = 25;
const STATUS = 'queue-status';
const enc = encodeURIComponent;
const when = (iso: string | null) => (iso ? formatDateTime(iso) : '–');

/** A small button; `label` names it fully for screen readers (which job, which queue). */
const Action = (props: { label?: string; onClick: () => void; children: string }) => (
  <button type="button" class="button-quiet" {...(props.label ? { 'aria-label': props.label } : {})} onClick={props.onClick}>
    {props.children}
  </button>
);

/** A scrollable table with a caption for screen readers and one header row. */
const DataTable = (props: { testId: string; caption: string; headers: string[]; children: Child }) => (
  <div class="table-wrap">
    <table data-testid={props.testId}>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.headers.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  </div>
);

onReady(async () => {
  let selected: { queue: string; state: JobState; start: number } | null = null;

  const act = async (method: 'POST' | 'DELETE', path: string, done: string) => {
    const r = await api(method, path);
    if (!r.ok) return say(STATUS, problemText(r.problem), 'error');
    say(STATUS, done);
    await Promise.all([loadQueues(), loadJobs()]);
  };

  const QueueTable = (props: { queues: QueueSummary[] }) => (
    <DataTable testId="queue-table" caption="Jobs per queue and state" headers={['Queue', ...STATES.map(([, word]) => word), 'Workers']}>
      {props.queues.map((q) => (
        <tr>
          <th scope="row">{q.name}</th>
          {STATES.map(([state, word]) => (
            <td>
              {q.counts[state] ? (
                <Action label={`${word} jobs in ${q.name}: ${q.counts[state]}`} onClick={() => void openJobs(q.name, state, 0)}>
                  {formatNumber(q.counts[state])}
                </Action>
              ) : (
                '0'
              )}
            </td>
          ))}
          <td>
            {q.paused ? <span class="badge badge-flag">Paused</span> : <span class="badge badge-ok">Taking jobs</span>}{' '}
            <Action label={`${q.paused ? 'Resume' : 'Pause'} ${q.name}`} onClick={() => void act('POST', `/v1/admin/queues/${enc(q.name)}/${q.paused ? 'resume' : 'pause'}`, q.paused ? `${q.name} resumed.` : `${q.name} paused.`)}>
              {q.paused ? 'Resume' : 'Pause'}
            </Action>
          </td>
        </tr>
      ))}
    </DataTable>
  );

  const JobTable = (props: { page: JobPage }) => {
    const { page } = props;
    const base = `/v1/admin/queues/${enc(page.queue)}/jobs`;
    const remove = (j: Job) => {
      if (window.confirm(`Remove job ${j.id} from ${page.queue}? It will not run.`)) void act('DELETE', `${base}/${enc(j.id)}`, `Job ${j.id} removed.`);
    };
    const last = Math.min(page.start + page.jobs.length, page.total);
    return (
      <>
        <h3>{`${stateWord(page.state)} jobs in ${page.queue}`}</h3>
        {page.jobs.length === 0 ? (
          <p class="muted">No jobs here now.</p>
        ) : (
          <>
            <p class="item-meta">{`${formatNumber(page.start + 1)}–${formatNumber(last)} of ${formatNumber(page.total)}, newest first`}</p>
            <DataTable testId="job-table" caption={`${stateWord(page.state)} jobs in ${page.queue}`} headers={['Job', 'Added', page.state === 'delayed' ? 'Due' : 'Finished', 'Attempts', 'Failure', 'Actions']}>
              {page.jobs.map((j) => (
                <tr>
                  <th scope="row">
                    <code>{j.id}</code>
                    <br />
                    <span class="item-meta">{j.name}</span>
                  </th>
                  <td>{when(j.createdAt)}</td>
                  <td>{when(page.state === 'delayed' ? j.runAt : j.finishedAt)}</td>
                  <td>{`${j.attemptsMade} of ${j.maxAttempts}`}</td>
                  <td>{j.failedReason ?? '–'}</td>
                  <td>
                    {j.state === 'failed' ? (
                      <Action label={`Retry job ${j.id}`} onClick={() => void act('POST', `${base}/${enc(j.id)}/retry`, `Job ${j.id} will run again.`)}>
                        Retry
                      </Action>
                    ) : null}{' '}
                    {j.state === 'active' ? null : (
                      <Action label={`Remove job ${j.id}`} onClick={() => remove(j)}>
                        Remove
                      </Action>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
        <p class="item-actions">
          {page.start > 0 ? (
            <Action onClick={() => void openJobs(page.queue, page.state, Math.max(0, page.start - PAGE_SIZE))}>Newer jobs</Action>
          ) : null}{' '}
          {last < page.total ? (
            <Action onClick={() => void openJobs(page.queue, page.state, page.start + PAGE_SIZE)}>Older jobs</Action>
          ) : null}
        </p>
      </>
    );
  };

  const loadQueues = async () => {
    const r = await api<{ backend: string | null; queues: QueueSummary[] }>('GET', '/v1/admin/queues');
    fill('queues', r, 'The queue board', (d) => (d.queues.length ? <QueueTable queues={d.queues} /> : <p class="muted">This server has no job queues to show.</p>));
  };
  const loadJobs = async () => {
    if (!selected) return;
    const s = selected;
    const r = await api<JobPage>('GET', `/v1/admin/queues/${enc(s.queue)}/jobs?state=${s.state}&start=${s.start}&limit=${PAGE_SIZE}`);
    fill('jobs', r, 'The job list', (page) => <JobTable page={page} />);
  };
  const openJobs = async (queue: string, state: JobState, start: number) => {
    selected = { queue, state, start };
    await loadJobs();
  };

  await loadQueues();
});
