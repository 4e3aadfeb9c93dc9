import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../../../test/support/smtp-sink.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});

describe('the SMTP mailer', () => {
  it("gives an outbox row's email the same Message-ID on every attempt, as the alerts email worker does", async () => {
    const mailer = createSmtpMailer({ url: sink.url, from: 'Vitals <no-reply@clinic.example.org>' });
    const outboxId = randomUUID();
    const message = { to: 'maria@demo.vitals', subject: 'Vitals: a new message', text: 'Sign in to read it.', outboxId };
    await mailer.send(message);
    await mailer.send(message);
    await mailer.send({ to: 'maria@demo.vitals', subject: 'Vitals: verify your email', text: 'A code.' });
    mailer.close();
    const ids = (await sink.waitFor(3)).map((m) => /^Message-ID: (.*)$/im.exec(m.data)?.[1]?.trim());
    expect(ids[0]).toBe(`<${outboxId}@clinic.example.org>`);
    expect(ids[1]).toBe(ids[0]);
    // not from the outbox: nodemailer's own unique id
    expect(ids[2]).toMatch(/^<.+@.+>$/);
    expect(ids[2]).not.toBe(ids[0]);
  });
});
