import { randomBytes } from 'node:crypto';
import type { AccessVia } from '../policy/patient-access.ts';

/** 256 random bits: the link is the key to the room, so it must not be guessable. */
export const newVideoToken = (): string => randomBytes(32).toString('base64url');

/** The room's address under the configured base (e.g. `https://portal.example.org/video/`). */
export function videoUrl(base: string, token: string): string {
  return new URL(token, base.endsWith('/') ? base : `${base}/`).toString();
}

/**
 * Only the people in the visit see its link: the patient, their proxies, and the visit's provider.
 * Other care-team members and clinicians who broke the glass read the appointment without it, so
 * nobody can join a consultation they are not part of.
 */
export function seesVideoLink(access: { via: AccessVia }, viewerUserId: string, providerUserId: string): boolean {
  return access.via === 'self' || access.via === 'proxy' || viewerUserId === providerUserId;
}
