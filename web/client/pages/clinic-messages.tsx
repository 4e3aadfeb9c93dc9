/** @jsxImportSource hono/jsx/dom */
import { api } from '../lib/api.ts';
import { openThread, ThreadList, type ThreadSummary } from '../lib/messages.tsx';
import { onReady, pageData } from '../lib/page.ts';
import { fill, region } from '../lib/ui.tsx';

onReady(async () => {
  const me = pageData('userId');
  let current: string | null = null;
  const load = async () => {
    const r = await api<{ threads: ThreadSummary[] }>('GET', '/v1/messages/inbox');
    fill('threads', r, 'The message inbox', (d) => <ThreadList threads={d.threads} current={current} onOpen={(id) => void open(id)} showPatient />);
  };
  const open = async (id: string) => {
    current = id;
    await openThread(region('thread-view'), id, { me, statusId: 'message-status', onChanged: () => void load() });
    await load();
  };
  await load();
});
