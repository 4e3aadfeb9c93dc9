import { createHash } from 'node:crypto';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../../common/src/errors/index.ts';

export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** At most this many files per message (the request schema enforces it). */
export const MAX_ATTACHMENTS = 3;

export interface AttachmentLimits {
  /** Largest file, in bytes (decoded). */
  maxBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 5 * 1024 * 1024 };

/**
 * The first bytes of each accepted format. The declared type is only a claim; a file whose bytes
 * say otherwise (an executable renamed .pdf, an HTML page sent as image/png that a browser might
 * render) is refused.
 */
const SIGNATURES: Record<AttachmentType, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** The accepted format the bytes start with, or null. */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  return ATTACHMENT_TYPES.find((t) => SIGNATURES[t].every((b, i) => bytes[i] === b)) ?? null;
}

/** `image/jpg` is a common misspelling; parameters (`; name=…`) are dropped. */
function normaliseType(declared: string): string {
  const t = declared.split(';')[0]!.trim().toLowerCase();
  return t === 'image/jpg' ? 'image/jpeg' : t;
}

/** A file name safe to store and echo: no path, no control characters, no quotes. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.slice(0, 200) || 'attachment';
}

export interface AttachmentInput {
  filename: string;
  contentType: string;
  /** base64 */
  data: string;
}

export interface CheckedAttachment {
  filename: string;
  contentType: AttachmentType;
  data: Buffer;
  sizeBytes: number;
  sha256: string;
}

/**
 * Decode and check one attachment: an accepted declared type (else 415), within the size limit
 * (else 413), not empty (400), and bytes that really are that type (else 415).
 *
 * @param index - position in the request, for the problem's `errors[].path`
 * @throws UnsupportedMediaTypeError, PayloadTooLargeError, ValidationError
 */
export function checkAttachment(input: AttachmentInput, index: number, limits: AttachmentLimits): CheckedAttachment {
  const filename = safeFilename(input.filename);
  const path = `attachments.${index}`;
  const declared = normaliseType(input.contentType);
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(declared)) {
    throw new UnsupportedMediaTypeError(`${filename}: only PDF, PNG and JPEG files can be attached`, { extra: { errors: [{ path: `${path}.contentType`, message: `${declared} is not accepted` }] } });
  }
  const data = Buffer.from(input.data, 'base64');
  if (data.length > limits.maxBytes) {
    throw new PayloadTooLargeError(`${filename} is larger than ${formatBytes(limits.maxBytes)}`, { extra: { errors: [{ path: `${path}.data`, message: `at most ${limits.maxBytes} bytes` }] } });
  }
  if (data.length === 0) throw new ValidationError('an attachment is empty', [{ path: `${path}.data`, message: 'the file is empty' }]);
  const sniffed = sniffType(data);
  if (sniffed !== declared) {
    throw new UnsupportedMediaTypeError(`${filename} is not really a ${declared} file`, { extra: { errors: [{ path: `${path}.data`, message: sniffed ? `the content is ${sniffed}` : 'the content is not PDF, PNG or JPEG' }] } });
  }
  return { filename, contentType: sniffed, data, sizeBytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

/**
 * `Content-Disposition: attachment` with the name in both forms of RFC 6266: an ASCII fallback and
 * the UTF-8 original, so no browser renders the file inline or trips over the name.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
