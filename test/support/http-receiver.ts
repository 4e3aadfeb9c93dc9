import { createServer, type IncomingHttpHeaders } from 'node:http';

/** A request the receiver got. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status it answered. */
  status: number;
}

export interface HttpReceiver {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A local HTTP server for webhook tests: `answer(n)` gives the status of the n-th request to the
 * same path (0-based), e.g. `(n) => (n < 2 ? 503 : 200)` fails twice per path, then succeeds.
 */
export async function startHttpReceiver(answer: (n: number) => number): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const status = answer(received.filter((r) => r.path === path).length);
      received.push({ path, headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
