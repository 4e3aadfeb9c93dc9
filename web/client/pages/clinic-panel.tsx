/** @jsxImportSource hono/jsx/dom */
import { api, problemText, type ApiResult } from '../lib/api.ts';
import { onReady, pageData } from '../lib/page.ts';
import { Failure, region, say, show } from '../lib/ui.tsx';
import { DEFAULT_VIEW, periodWords, worklistPath, type CareTeam, type Worklist, type WorklistRow, type WorklistSort, type WorklistView } from '../lib/worklist-model.ts';
import { WorklistTable, type WorklistActions } from '../lib/worklist-table.tsx';

const STATUS = 'panel-status';
const rowPath = (teamId: string, r: WorklistRow, action: string) => `/v1/care-teams/${teamId}/worklist/${r.patientId}/${action}`;

/**
 * The clinician's panel: one worklist request per care team the clinician is in (the API ranks,
 * flags, sorts and filters), and the row actions — claim, release, note, mark reviewed.
 */
onReady(async () => {
  const userId = pageData('userId');
  const panel = region('panel');
  const filter = document.querySelector<HTMLFormElement>('form[data-region="worklist-filter"]');
  const teams = await api<{ teams: CareTeam[] }>('GET', '/v1/care-teams');
  if (!teams.ok) return show(panel, <Failure result={teams} what="Your patient panel" />);
  if (!teams.data.teams.length) return show(panel, <p class="muted">You are not in a care team yet, so there are no patients to show. Ask the clinic administrator to add you.</p>);
  filter?.removeAttribute('hidden');
  const view: WorklistView = { ...DEFAULT_VIEW };
  /** After a re-render, focus goes back to the control that was used (or the row's link). */
  let focusKey: string | null = null;

  const load = async () => {
    panel.setAttribute('aria-busy', 'true');
    const lists = await Promise.all(teams.data.teams.map(async (t) => ({ team: t, result: await api<Worklist>('GET', worklistPath(t.id, view)) })));
    show(panel, lists.map(({ team, result }) => <TeamSection team={team} result={result} />));
    const total = lists.reduce((n, l) => n + (l.result.ok ? l.result.data.patients.length : 0), 0);
    panel.dataset.loaded = String(Date.now());
    restoreFocus();
    return total;
  };

  const restoreFocus = () => {
    if (!focusKey) return;
    const [, rest] = focusKey.split(/-(.+)/);
    // a button that went away with the action (claim → release) leaves focus on the patient's link
    const el = panel.querySelector<HTMLElement>(`[data-key="${focusKey}"]`) ?? panel.querySelector<HTMLElement>(`[data-key="open-${rest}"]`);
    el?.focus();
    focusKey = null;
  };

  const act = async (key: string, call: () => Promise<ApiResult<unknown>>, done: string) => {
    const res = await call();
    if (!res.ok) return say(STATUS, problemText(res.problem), 'error');
    focusKey = key;
    await load();
    say(STATUS, done);
  };

  const actionsFor = (teamId: string): WorklistActions => ({
    claim: (r) => void act(`release-${teamId}-${r.patientId}`, () => api('POST', rowPath(teamId, r, 'claim')), `You have claimed ${r.givenName} ${r.familyName}.`),
    release: (r) => void act(`claim-${teamId}-${r.patientId}`, () => api('DELETE', rowPath(teamId, r, 'claim')), `You have released ${r.givenName} ${r.familyName}.`),
    review: (r) => void act(`open-${teamId}-${r.patientId}`, () => api('POST', rowPath(teamId, r, 'review'), {}), `${r.givenName} ${r.familyName} marked reviewed for ${periodWords(r.period)}.`),
    note: (r, text) => void act(`note-${teamId}-${r.patientId}`, () => api('POST', rowPath(teamId, r, 'notes'), { text }), 'Note added.'),
    sort: (by: WorklistSort) => {
      view.sort = by;
      focusKey = `sort-${by}-${teamId}`;
      void load().then((n) => say(STATUS, `${n} patient${n === 1 ? '' : 's'}, sorted ${by === 'priority' ? 'by need' : by === 'name' ? 'by name' : 'by last reading'}.`));
    },
  });

  function TeamSection(props: { team: CareTeam; result: ApiResult<Worklist> }) {
    const { team, result } = props;
    const headingId = `team-${team.id}`;
    return (
      <section class="worklist-team" aria-labelledby={headingId}>
        <h3 id={headingId}>{team.name}</h3>
        {result.ok ? <WorklistTable teamId={team.id} teamName={team.name} rows={result.data.patients} sort={view.sort} userId={userId} actions={actionsFor(team.id)} /> : <Failure result={result} what={`The ${team.name} worklist`} />}
      </section>
    );
  }

  filter?.addEventListener('change', () => {
    const f = new FormData(filter);
    view.flag = (f.get('flag') ?? '') as WorklistView['flag'];
    view.claimed = (f.get('claimed') ?? '') as WorklistView['claimed'];
    view.reviewed = (f.get('reviewed') ?? '') as WorklistView['reviewed'];
    void load().then((n) => say(STATUS, `${n} patient${n === 1 ? '' : 's'} match.`));
  });
  filter?.addEventListener('submit', (e) => e.preventDefault());
  await load();
});
