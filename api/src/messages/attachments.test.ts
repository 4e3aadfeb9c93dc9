import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../../common/src/errors/index.ts';
import { checkAttachment, contentDisposition, safeFilename, sniffType } from './attachments.ts';
import { SAMPLE_FILES, attachment } from './testing/sample-files.ts';

const limits = { maxBytes: 1024 };

describe('attachment checks', () => {
  it('recognises PDF, PNG and JPEG by their first bytes and nothing else', () => {
    expect(sniffType(SAMPLE_FILES.pdf)).toBe('application/pdf');
    expect(sniffType(SAMPLE_FILES.png)).toBe('image/png');
    expect(sniffType(SAMPLE_FILES.jpeg)).toBe('image/jpeg');
    expect(sniffType(SAMPLE_FILES.html)).toBeNull();
    expect(sniffType(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('accepts a file whose bytes match its declared type, normalising image/jpg and parameters', () => {
    const a = checkAttachment(attachment('scan.jpg', 'image/jpg', SAMPLE_FILES.jpeg), 0, limits);
    expect(a).toMatchObject({ filename: 'scan.jpg', contentType: 'image/jpeg', sizeBytes: SAMPLE_FILES.jpeg.length });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(checkAttachment(attachment('r.pdf', 'application/pdf; name=r.pdf', SAMPLE_FILES.pdf), 0, limits).contentType).toBe('application/pdf');
  });

  it('refuses other declared types with 415', () => {
    expect(() => checkAttachment(attachment('a.txt', 'text/plain', Buffer.from('hello')), 2, limits)).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses bytes that do not match the declared type with 415, naming the real type', () => {
    const err = (() => {
      try {
        checkAttachment(attachment('x.pdf', 'application/pdf', SAMPLE_FILES.png), 1, limits);
      } catch (e) {
        return e as UnsupportedMediaTypeError;
      }
    })();
    expect(err).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(err!.extra.errors).toEqual([{ path: 'attachments.1.data', message: 'the content is image/png' }]);
    expect(() => checkAttachment(attachment('x.png', 'image/png', SAMPLE_FILES.html), 0, limits)).toThrow(UnsupportedMediaTypeError);
  });

  it('refuses files over the limit with 413 and empty files with 400', () => {
    expect(() => checkAttachment(attachment('big.png', 'image/png', Buffer.concat([SAMPLE_FILES.png, Buffer.alloc(1024)])), 0, limits)).toThrow(PayloadTooLargeError);
    expect(() => checkAttachment(attachment('empty.png', 'image/png', Buffer.alloc(0)), 0, limits)).toThrow(ValidationError);
  });

  it('keeps only the base name, without control characters or quotes', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Users\\me\\"lab"\u0007.pdf')).toBe('lab.pdf');
    expect(safeFilename('   ')).toBe('attachment');
  });

  it('builds an attachment Content-Disposition with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('résultat (1).pdf')).toBe(`attachment; filename="r_sultat (1).pdf"; filename*=UTF-8''r%C3%A9sultat%20%281%29.pdf`);
  });
});
