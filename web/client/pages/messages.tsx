/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from '../lib/api.ts';
import { openThread, ThreadList, type Thread, type ThreadSummary } from '../lib/messages.tsx';
import { onReady, pageData } from '../lib/page.ts';
import { fill, region, say, show } from '../lib/ui.tsx';

interface ComposeInfo {
  emergencyNotice: string;
  topics: Array<{ topic: string; label: string; description: string; poolLabel: string }>;
}

onReady(async () => {
  const patientId = pageData('patientId');
  const me = pageData('userId');
  const dialog = document.getElementById('compose') as HTMLDialogElement;
  let current: string | null = null;

  const loadThreads = async () => {
    const r = await api<{ threads: ThreadSummary[] }>('GET', `/v1/patients/${patientId}/message-threads`);
    fill('threads', r, 'Messages', (d) => <ThreadList threads={d.threads} current={current} onOpen={(id) => void open(id)} />);
  };
  const open = async (id: string) => {
    current = id;
    await openThread(region('thread-view'), id, { me, statusId: 'message-status', onChanged: () => void loadThreads() });
    await loadThreads();
  };

  const info = await api<ComposeInfo>('GET', '/v1/messages/compose-info');
  if (info.ok) {
    show(region('emergency-notice'), info.data.emergencyNotice);
    show(
      region('topics'),
      info.data.topics.map((t) => <option value={t.topic}>{`${t.label} (answered by ${t.poolLabel})`}</option>),
    );
  }
  document.querySelector('[data-action="new-message"]')?.addEventListener('click', () => {
    dialog.showModal();
    document.getElementById('compose-topic')?.focus();
  });
  document.querySelector('[data-action="close-compose"]')?.addEventListener('click', () => dialog.close());
  document.getElementById('compose-form')?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    if (!data.subject?.trim() || !data.body?.trim()) return say('message-status', 'Please fill in a subject and your message.', 'error');
    const r = await api<Thread>('POST', `/v1/patients/${patientId}/message-threads`, { topic: data.topic, subject: data.subject, body: data.body });
    if (!r.ok) return say('message-status', problemText(r.problem), 'error');
    dialog.close();
    form.reset();
    say('message-status', 'Message sent. Your care team usually answers within 2 working days.');
    await open(r.data.id);
  });
  await loadThreads();
});
