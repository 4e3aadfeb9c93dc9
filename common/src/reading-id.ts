import { createHash } from 'node:crypto';

/** Namespace for reading ids (a fixed random UUID; changing it would break dedupe of resent readings). */
export const READING_NAMESPACE = '6f1c3f0e-5a7e-4c1b-9a52-3d2f8e9b7c41';

/** RFC 9562 UUID version 5 (SHA-1, name-based). */
export function uuidv5(name: string, namespace: string = READING_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Deterministic reading id: the same device record always gets the same id, so a resend
 * anywhere on the path is dropped by the insert. Uses the device's sequence number when the
 * characteristic has one, else its raw device timestamp.
 */
export function readingId(deviceId: string, characteristic: string, key: { sequence?: number; deviceTime?: string }): string {
  const k = key.sequence !== undefined ? `seq:${key.sequence}` : `time:${key.deviceTime ?? ''}`;
  return uuidv5(`${deviceId}|${characteristic.toUpperCase()}|${k}`);
}
