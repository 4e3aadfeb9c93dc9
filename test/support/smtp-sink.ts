import { createServer, type Socket } from 'node:net';

/** One message as the sink received it. */
export interface SunkMail {
  from: string;
  to: string[];
  /** The DATA section as sent (headers, blank line, body), dot-unstuffed. */
  data: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` for nodemailer (no TLS, no auth). */
  url: string;
  messages: SunkMail[];
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<SunkMail[]>;
  close(): Promise<void>;
}

/**
 * A tiny SMTP server for tests (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
 * accepting everything on 127.0.0.1, so mail code is tested over a real socket without internet.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SunkMail[] = [];
  const waiters: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let mail: SunkMail = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP ready');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(mail);
            mail = { from: '', to: [], data: '' };
            reply('250 2.0.0 queued');
            waiters.splice(0).forEach((w) => w());
          } else {
            mail.data += (line.startsWith('..') ? line.slice(1) : line) + '\n';
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink greets you\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO' || verb === 'NOOP' || verb === 'RSET') reply('250 OK');
        else if (verb === 'MAIL') (mail.from = /<(.*)>/.exec(line)?.[1] ?? ''), reply('250 OK');
        else if (verb === 'RCPT') mail.to.push(/<(.*)>/.exec(line)?.[1] ?? ''), reply('250 OK');
        else if (verb === 'DATA') (inData = true), reply('354 end with <CRLF>.<CRLF>');
        else if (verb === 'QUIT') reply('221 bye'), socket.end();
        else reply('502 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`smtp sink: ${messages.length} of ${count} messages after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
