import { describe, expect, it } from 'vitest';
import { foldLine, icsText, icsUtc, renderIcs } from './ics.ts';

const event = {
  uid: '5f0c…@vitals',
  stamp: new Date('2026-06-01T12:00:00Z'),
  start: new Date('2026-06-03T13:00:00Z'),
  end: new Date('2026-06-03T13:20:00Z'),
  sequence: 2,
  status: 'CONFIRMED' as const,
  summary: 'Video visit',
};

describe('ICS export (RFC 5545)', () => {
  it('renders one VEVENT with UID, DTSTAMP, UTC start and end, CRLF line ends', () => {
    const ics = renderIcs({ ...event, location: 'Video visit', url: 'https://vitals.example.org/video/abc' });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\r\n').filter(Boolean)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Vitals//Appointments//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:5f0c…@vitals',
      'DTSTAMP:20260601T120000Z',
      'DTSTART:20260603T130000Z',
      'DTEND:20260603T132000Z',
      'SEQUENCE:2',
      'STATUS:CONFIRMED',
      'SUMMARY:Video visit',
      'LOCATION:Video visit',
      'URL:https://vitals.example.org/video/abc',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
  });

  it('leaves LOCATION and URL out when absent', () => {
    const ics = renderIcs({ ...event, status: 'CANCELLED' });
    expect(ics).not.toMatch(/LOCATION|URL/);
    expect(ics).toContain('STATUS:CANCELLED');
  });

  it('escapes TEXT values', () => {
    expect(icsText('Main St, Suite 2; back\\door\nline')).toBe('Main St\\, Suite 2\\; back\\\\door\\nline');
    expect(renderIcs({ ...event, location: 'Riverside, Room 1' })).toContain('LOCATION:Riverside\\, Room 1');
  });

  it('formats UTC date-times', () => {
    expect(icsUtc(new Date('2026-12-31T23:59:59.999Z'))).toBe('20261231T235959Z');
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const line = 'LOCATION:' + 'é'.repeat(80);
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 75)).toBe(true);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(foldLine('SHORT:1')).toBe('SHORT:1');
  });
});
