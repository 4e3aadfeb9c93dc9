/**
 * One appointment as an iCalendar object (RFC 5545) that calendar apps import. Times are UTC
 * (`…Z`, section 3.3.5 form 2), so no VTIMEZONE is needed; the SUMMARY names the visit type only,
 * because calendars are synced to phones and shared with others and must not carry health details.
 */
export interface CalendarEvent {
  /** Globally unique and stable across reschedules, so calendars update the event in place. */
  uid: string;
  /** When this calendar object was made (DTSTAMP). */
  stamp: Date;
  start: Date;
  end: Date;
  /** Revision number: bump it on every change (RFC 5545 3.8.7.4). */
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
  summary: string;
  location?: string | null;
  /** The video-visit link, for those allowed to see it. */
  url?: string | null;
}

/** `YYYYMMDDTHHMMSSZ` (DATE-TIME in UTC). */
export function icsUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines. */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/**
 * Fold a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space. Cuts
 * fall between UTF-8 characters, never inside one.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // the first line holds 75 octets; later ones 74 after their leading space
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The VCALENDAR text, lines ending in CRLF as the RFC requires. */
export function renderIcs(e: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vitals//Appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${icsUtc(e.stamp)}`,
    `DTSTART:${icsUtc(e.start)}`,
    `DTEND:${icsUtc(e.end)}`,
    `SEQUENCE:${e.sequence}`,
    `STATUS:${e.status}`,
    `SUMMARY:${icsText(e.summary)}`,
    ...(e.location ? [`LOCATION:${icsText(e.location)}`] : []),
    // URI values are not TEXT: no escaping (a URL has no commas or semicolons that need it)
    ...(e.url ? [`URL:${e.url}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
