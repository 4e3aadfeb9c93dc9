import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface Listening {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Serve a fetch handler (Hono app) on host:port; port 0 picks a free one. */
export function listen(fetch: (req: Request) => Response | Promise<Response>, opts: { port: number; host?: string; headersTimeoutMs?: number }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const headersTimeout = opts.headersTimeoutMs ?? 10_000;
    // Slow-loris: a client that dribbles its headers or body is cut off instead of holding a socket.
    // Node checks these timeouts every connectionsCheckingInterval, so that must be shorter.
    const serverOptions = { headersTimeout, requestTimeout: 30_000, connectionsCheckingInterval: Math.min(1000, headersTimeout / 2) };
    const server = serve({ fetch, port: opts.port, hostname: opts.host ?? '127.0.0.1', serverOptions }, (info: AddressInfo) => {
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        port: info.port,
        url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${info.port}`,
        close: () =>
          new Promise<void>((res) => {
            const s = server as Server;
            s.closeAllConnections?.();
            s.close(() => res());
          }),
      });
    });
    server.once('error', reject);
  });
}
