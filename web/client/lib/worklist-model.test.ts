import { describe, expect, it } from 'vitest';
import { ariaSort, claimState, DEFAULT_VIEW, evidenceLink, FLAG_WORDS, periodWords, WORKLIST_FLAG_CODES, worklistPath } from './worklist-model.ts';

const TEAM = '00000000-0000-4000-8000-0000000000a1';
const PATIENT = '00000000-0000-4000-8000-000000000101';

describe('worklist view model', () => {
  it('asks for the sort always and only the filters that are set', () => {
    expect(worklistPath(TEAM, DEFAULT_VIEW)).toBe(`/v1/care-teams/${TEAM}/worklist?sort=priority`);
    expect(worklistPath(TEAM, { sort: 'name', flag: 'bp_high', claimed: 'me', reviewed: 'false' })).toBe(`/v1/care-teams/${TEAM}/worklist?sort=name&flags=bp_high&claimed=me&reviewed=false`);
  });

  it('marks only the sorted column, in the direction the API sorts it', () => {
    expect(ariaSort('priority', 'priority')).toBe('descending');
    expect(ariaSort('name', 'name')).toBe('ascending');
    expect(ariaSort('last_reading', 'last_reading')).toBe('ascending');
    expect(ariaSort('name', 'priority')).toBe('none');
  });

  it('links every flag to the patient view section holding its evidence, with ids only in the URL', () => {
    for (const code of WORKLIST_FLAG_CODES) {
      const link = evidenceLink(PATIENT, code);
      expect(link.href).toMatch(new RegExp(`^/app/clinic/patients/${PATIENT}#[a-z-]+-title$`));
      expect(link.text).toMatch(/^See the /);
      expect(FLAG_WORDS[code]).toBeTruthy();
    }
    expect(evidenceLink(PATIENT, 'bp_high').href).toBe(`/app/clinic/patients/${PATIENT}#bp-trend-title`);
    expect(evidenceLink(PATIENT, 'urgent_alerts').href).toBe(`/app/clinic/patients/${PATIENT}#patient-alerts-title`);
  });

  it('tells my claim from a colleague’s and from none', () => {
    const claim = (userId: string) => ({ claim: { userId, displayName: 'Priya', at: '2026-11-01T00:00:00Z' } });
    expect(claimState(claim('me'), 'me')).toBe('mine');
    expect(claimState(claim('you'), 'me')).toBe('other');
    expect(claimState({ claim: null }, 'me')).toBe('none');
  });

  it('names the review month in words', () => {
    expect(periodWords('2026-11', 'en-US')).toBe('November 2026');
    expect(periodWords('nonsense', 'en-US')).toBe('nonsense');
  });
});
