import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { SAMPLE_FILES, attachment } from './testing/sample-files.ts';

const db = useTestDb();
let h: Harness;
const MARIA = PATIENTS[0].id;
const maria = 'maria@demo.vitals';
const MIB = 1024 * 1024;

beforeAll(async () => {
  await seedDemo(db().pool);
  // room for three 5 MiB files in base64, so the attachment rules (not the body limit) answer
  h = apiHarness(db().pool, { buildApp: (d) => createApp({ ...d, config: { ...d.config, MAX_BODY_BYTES: 24 * MIB } }) });
});

const send = (attachments: unknown[]) => h.request(`/v1/patients/${MARIA}/message-threads`, { json: { topic: 'medical_question', subject: 'Photos', body: 'See attached.', attachments }, as: maria });

describe('message attachments', () => {
  it('stores PDF, PNG and JPEG files and serves them back as downloads with their type', async () => {
    const r = await send([attachment('lab report.pdf', 'application/pdf', SAMPLE_FILES.pdf), attachment('rash.png', 'image/png', SAMPLE_FILES.png), attachment('Fuß.jpg', 'image/jpeg', SAMPLE_FILES.jpeg)]);
    expect(r.status).toBe(201);
    const thread = await r.json();
    const files = thread.messages[0].attachments as Array<{ id: string; filename: string; contentType: string; sizeBytes: number }>;
    expect(files.map((f) => [f.filename, f.contentType, f.sizeBytes])).toEqual([
      ['lab report.pdf', 'application/pdf', SAMPLE_FILES.pdf.length],
      ['rash.png', 'image/png', SAMPLE_FILES.png.length],
      ['Fuß.jpg', 'image/jpeg', SAMPLE_FILES.jpeg.length],
    ]);
    const dl = await h.request(`/v1/message-threads/${thread.id}/attachments/${files[2]!.id}`, { as: 'nurse.patel@demo.vitals' });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('image/jpeg');
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="Fu_.jpg"; filename*=UTF-8''Fu%C3%9F.jpg`);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(SAMPLE_FILES.jpeg);
    // another patient gets nothing; an unknown file is 404
    expect((await h.request(`/v1/message-threads/${thread.id}/attachments/${files[0]!.id}`, { as: 'james@demo.vitals' })).status).toBe(403);
    expect((await h.request(`/v1/message-threads/${thread.id}/attachments/${crypto.randomUUID()}`, { as: maria })).status).toBe(404);
    await expect(db().pool.query('UPDATE message_attachments SET filename = $2 WHERE id = $1', [files[0]!.id, 'x.pdf'])).rejects.toThrow(/append-only/);
  });

  it('answers 415 for types other than PDF, PNG and JPEG, and for bytes that are not what they claim', async () => {
    const txt = await send([attachment('notes.txt', 'text/plain', Buffer.from('hello'))]);
    expect(txt.status).toBe(415);
    expect(txt.headers.get('content-type')).toBe('application/problem+json');
    const disguised = await send([attachment('invoice.pdf', 'application/pdf', SAMPLE_FILES.html)]);
    expect(disguised.status).toBe(415);
    expect((await disguised.json()).errors).toEqual([{ path: 'attachments.0.data', message: 'the content is not PDF, PNG or JPEG' }]);
  });

  it('answers 413 for a file over 5 MiB and 400 for more than three files or broken base64', async () => {
    const big = await send([attachment('big.pdf', 'application/pdf', Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(5 * MIB)]))]);
    expect(big.status).toBe(413);
    expect((await big.json()).detail).toBe('big.pdf is larger than 5 MiB');
    const exactly = await send([attachment('ok.pdf', 'application/pdf', Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(5 * MIB - SAMPLE_FILES.pdf.length)]))]);
    expect(exactly.status).toBe(201);
    const four = await send(Array.from({ length: 4 }, (_, i) => attachment(`${i}.png`, 'image/png', SAMPLE_FILES.png)));
    expect(four.status).toBe(400);
    expect((await send([{ filename: 'a.png', contentType: 'image/png', data: 'not base64!' }])).status).toBe(400);
    // nothing of a refused message was stored
    const { rows } = await db().pool.query("SELECT count(*)::int AS n FROM message_attachments WHERE filename IN ('big.pdf', 'notes.txt', 'invoice.pdf')");
    expect(rows[0].n).toBe(0);
  });
});
