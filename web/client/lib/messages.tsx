/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from './api.ts';
import { formatDateTime } from './format.ts';
import { Failure, say, show } from './ui.tsx';

export interface ThreadSummary {
  id: string;
  patientId: string;
  topic: string;
  subject: string;
  status: 'open' | 'waiting_on_patient' | 'closed';
  lastMessageAt: string;
  unread: number;
  patient?: { id: string; name: string };
  awaitingStaff?: boolean;
}

interface Message {
  id: string;
  author: { id: string; displayName: string; role: string };
  body: string;
  sentAt: string;
}

export interface Thread extends ThreadSummary {
  emergencyNotice: string;
  messages: Message[];
}

const STATUS_TEXT: Record<ThreadSummary['status'], string> = { open: 'Open', waiting_on_patient: 'Waiting for your answer', closed: 'Closed' };

/** The list of conversations as buttons (they open a conversation in place; no URL holds its subject). */
export function ThreadList(props: { threads: ThreadSummary[]; current: string | null; onOpen: (id: string) => void; showPatient?: boolean }) {
  if (!props.threads.length) return <p class="muted">No conversations yet.</p>;
  return (
    <ul class="item-list">
      {props.threads.map((t) => (
        <li>
          <button type="button" class="thread-button" aria-current={t.id === props.current ? 'true' : 'false'} onClick={() => props.onOpen(t.id)}>
            <span class={`item-title ${t.unread ? 'unread' : ''}`}>{t.subject}</span>
            {t.unread ? <span class="badge badge-flag">{` ${t.unread} new`}</span> : null}
            <br />
            <span class="item-meta">
              {props.showPatient && t.patient ? `${t.patient.name} · ` : ''}
              {formatDateTime(t.lastMessageAt)} · {STATUS_TEXT[t.status]}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * One conversation with a reply box, rendered into `target`. Marks it read, and calls `onChanged`
 * after a reply so the list can update its unread counts.
 */
export async function openThread(target: HTMLElement, threadId: string, opts: { me: string; statusId: string; onChanged: () => void }): Promise<void> {
  const r = await api<Thread>('GET', `/v1/message-threads/${threadId}`);
  if (!r.ok) return show(target, <Failure result={r} what="This conversation" />);
  await api('POST', `/v1/message-threads/${threadId}/read`);
  const t = r.data;
  const reply = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const body = (new FormData(form).get('body') ?? '').toString().trim();
    if (!body) return say(opts.statusId, 'Please write your reply first.', 'error');
    const sent = await api<Thread>('POST', `/v1/message-threads/${threadId}/messages`, { body });
    if (!sent.ok) return say(opts.statusId, problemText(sent.problem), 'error');
    say(opts.statusId, 'Reply sent.');
    await openThread(target, threadId, opts);
    opts.onChanged();
  };
  show(
    target,
    <>
      <h2 id="thread-title" tabindex={-1}>
        {t.subject}
      </h2>
      <p class="notice">{t.emergencyNotice}</p>
      {t.messages.map((m) => (
        <article class={`message-bubble ${m.author.id === opts.me ? 'mine' : ''}`} aria-label={`Message from ${m.author.displayName}`}>
          <p class="item-meta">
            <strong>{m.author.id === opts.me ? 'You' : m.author.displayName}</strong> · {formatDateTime(m.sentAt)}
          </p>
          <p class="message-body">{m.body}</p>
        </article>
      ))}
      {t.status === 'closed' ? (
        <p class="muted">This conversation is closed. Start a new message if you need more help.</p>
      ) : (
        <form class="stack" onSubmit={reply} novalidate>
          <div class="field">
            <label for="reply-body">Your reply</label>
            <textarea id="reply-body" name="body" rows={4} maxlength={10000}></textarea>
          </div>
          <button type="submit" class="button">
            Send reply
          </button>
        </form>
      )}
    </>,
  );
  target.querySelector<HTMLElement>('#thread-title')?.focus();
}
