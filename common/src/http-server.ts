import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface Listening {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Serve a fetch handler (Hono app) on host:port; port 0 picks a free one. */
export function listen(fetch: (req: Request) => Response | Promise<Response>, opts: { port: number; host?: string }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: opts.port, hostname: opts.host ?? '127.0.0.1' }, (info: AddressInfo) => {
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
