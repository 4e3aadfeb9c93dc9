import { createHash } from 'node:crypto';
import type { PatientScope } from '../../api/src/policy/patient-access.ts';
import type { NavItem } from './nav.ts';

/**
 * Whose record the patient pages show. A patient sees their own; a proxy (parent, caregiver)
 * chooses one of the records the access policy lets them act on. The choice is kept in a cookie
 * bound to the session (see docs/web.md, "Acting for someone else"); the API still decides on
 * every call, so a stale or forged choice shows nothing it would not.
 */

/** One record the viewer may open. */
export interface RecordChoice {
  patientId: string;
  /** The patient's name, for the banner and the switcher (never in a title or URL). */
  name: string;
  /** The viewer's own record. */
  self: boolean;
  /** How a proxy is related ("mother"); null for one's own record. */
  relationship: string | null;
  /** The proxy grant's scopes; `all` for one's own record. */
  scopes: readonly string[] | 'all';
}

export const RECORD_COOKIE = 'vitals_record';
/** The query parameter the switcher form sends: a patient id (opaque uuid) or `self`. */
export const RECORD_PARAM = 'record';
export const SELF = 'self';

/**
 * Ties the stored choice to one session: a new sign-in (or someone else signing in on this
 * browser) starts from the default instead of the last person's choice.
 */
export function choiceBinding(sessionIdHash: string): string {
  return createHash('sha256').update(`record-choice:${sessionIdHash}`).digest('base64url').slice(0, 22);
}

export const encodeChoice = (binding: string, choice: string): string => `${binding}.${choice}`;

/** The stored choice (a patient id or `self`), or null when absent or from another session. */
export function decodeChoice(cookie: string | undefined, binding: string): string | null {
  if (!cookie) return null;
  const dot = cookie.indexOf('.');
  return dot > 0 && cookie.slice(0, dot) === binding ? cookie.slice(dot + 1) || null : null;
}

/**
 * The record to show: the chosen one when the viewer may open it, otherwise their own, otherwise
 * none (a proxy who has not chosen yet, or whose choice lost its grant, gets the chooser).
 */
export function pickRecord(records: readonly RecordChoice[], choice: string | null): RecordChoice | null {
  const own = records.find((r) => r.self) ?? null;
  if (choice === null || choice === SELF) return own;
  return records.find((r) => r.patientId === choice) ?? own;
}

/** Sections and the part of the record each reads (everything else is `record`: any proxy). */
const SECTION_SCOPES: Array<[string, PatientScope]> = [
  ['/app/appointments', 'appointments'],
  ['/app/messages', 'messages'],
  ['/app/results', 'results'],
  ['/app/glucose', 'readings'],
  ['/app/blood-pressure', 'readings'],
  ['/app/medications', 'medications'],
  ['/app/billing', 'billing'],
  ['/app/privacy', 'privacy'],
  ['/app/access-log', 'privacy'],
];

export function scopeForPath(path: string): PatientScope {
  return SECTION_SCOPES.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1] ?? 'record';
}

/** Mirrors the policy (api/src/policy/patient-access.ts) to hide what the API would refuse. */
export function recordAllows(record: RecordChoice, scope: PatientScope): boolean {
  if (record.self) return true;
  if (scope === 'privacy') return false;
  return scope === 'record' || record.scopes === 'all' || record.scopes.includes(scope);
}

/** The section menu for a record: only the sections its scopes open. */
export function navForRecord(items: readonly NavItem[], record: RecordChoice): NavItem[] {
  return items.filter((i) => recordAllows(record, scopeForPath(i.href)));
}

/** "Lena Schmidt's" — the possessive for the banner. */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** Words for whose record a page is about. */
export interface Whose {
  /** The viewer's own record (or none chosen yet): the page keeps saying "your". */
  self: boolean;
  /** "your", or "Lena Schmidt's" while acting for someone else. */
  your: string;
  /** The same at the start of a sentence: "Your", "Lena Schmidt's". */
  Your: string;
}

/**
 * Page intros name the person whose record a proxy is viewing — the name the record bar shows —
 * so "your medicines" never reads as the proxy's own.
 *
 * @example whose(lena).your === "Lena Schmidt's"; whose(own).Your === 'Your'
 */
export function whose(record: RecordChoice | null): Whose {
  if (!record || record.self) return { self: true, your: 'your', Your: 'Your' };
  const name = possessive(record.name);
  return { self: false, your: name, Your: name };
}
