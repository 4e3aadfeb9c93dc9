/**
 * Smallest byte sequences each accepted format starts with, padded, for tests. Not real images or
 * documents: the server checks the signature, it never renders or parses the files.
 */
export const SAMPLE_FILES = {
  pdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 0x20)]),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]),
  html: Buffer.from('<html><script>alert(1)</script></html>'),
} as const;

/** An attachment as the API takes it. */
export const attachment = (filename: string, contentType: string, bytes: Buffer) => ({ filename, contentType, data: bytes.toString('base64') });
