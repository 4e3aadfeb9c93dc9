import { describe, expect, it } from 'vitest';
import { choiceBinding, decodeChoice, encodeChoice, navForRecord, pickRecord, possessive, recordAllows, scopeForPath, SELF, whose, type RecordChoice } from './acting-record.ts';
import { NAV } from './nav.ts';

const own: RecordChoice = { patientId: 'p-own', name: 'Anna', self: true, relationship: null, scopes: 'all' };
const lena: RecordChoice = { patientId: 'p-lena', name: 'Lena Schmidt', self: false, relationship: 'mother', scopes: ['results', 'messages', 'appointments', 'billing', 'readings', 'medications'] };
const james: RecordChoice = { patientId: 'p-james', name: 'James Wilson', self: false, relationship: 'caregiver', scopes: ['medications'] };

describe('the stored choice', () => {
  it('round-trips within one session and is ignored in another', () => {
    const a = choiceBinding('session-a');
    const cookie = encodeChoice(a, 'p-lena');
    expect(decodeChoice(cookie, a)).toBe('p-lena');
    expect(decodeChoice(cookie, choiceBinding('session-b'))).toBeNull();
    expect(decodeChoice(undefined, a)).toBeNull();
    expect(decodeChoice('garbage', a)).toBeNull();
    expect(decodeChoice(`${a}.`, a)).toBeNull();
  });
});

describe('pickRecord', () => {
  it('shows the chosen record only when it is one the viewer may open', () => {
    expect(pickRecord([own, lena], 'p-lena')).toBe(lena);
    expect(pickRecord([own, lena], 'p-someone-else')).toBe(own);
    expect(pickRecord([own, lena], SELF)).toBe(own);
    expect(pickRecord([own, lena], null)).toBe(own);
  });

  it('leaves a proxy without a record of their own on the chooser until they choose', () => {
    expect(pickRecord([lena, james], null)).toBeNull();
    expect(pickRecord([lena, james], SELF)).toBeNull();
    expect(pickRecord([lena, james], 'p-james')).toBe(james);
    // the grant was revoked since the choice was made
    expect(pickRecord([james], 'p-lena')).toBeNull();
  });
});

describe('what a record opens', () => {
  it('maps sections to the scopes the API checks', () => {
    expect(scopeForPath('/app/results/0000')).toBe('results');
    expect(scopeForPath('/app/glucose')).toBe('readings');
    expect(scopeForPath('/app/forms')).toBe('record');
    expect(scopeForPath('/app')).toBe('record');
    expect(scopeForPath('/app/access-log')).toBe('privacy');
  });

  it('never opens the privacy settings to a proxy, and opens only granted sections', () => {
    expect(recordAllows(own, 'privacy')).toBe(true);
    expect(recordAllows(lena, 'privacy')).toBe(false);
    expect(recordAllows(james, 'record')).toBe(true);
    expect(recordAllows(james, 'results')).toBe(false);
    expect(navForRecord(NAV.patient, james).map((i) => i.label)).toEqual(['Home', 'Health summary', 'Medicines', 'Forms', 'Help']);
    expect(navForRecord(NAV.patient, lena).map((i) => i.href)).not.toContain('/app/privacy');
    expect(navForRecord(NAV.patient, own)).toEqual(NAV.patient);
  });

  it('says whose record it is', () => {
    expect(possessive('Lena Schmidt')).toBe("Lena Schmidt's");
    expect(possessive('James')).toBe("James'");
  });

  it('words a page for the record shown: "your" on one\'s own, the name for a proxy', () => {
    expect(whose(own)).toEqual({ self: true, your: 'your', Your: 'Your' });
    expect(whose(null)).toEqual({ self: true, your: 'your', Your: 'Your' });
    expect(whose(lena)).toEqual({ self: false, your: "Lena Schmidt's", Your: "Lena Schmidt's" });
    expect(whose(james).your).toBe("James Wilson's");
  });
});
