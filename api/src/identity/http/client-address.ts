import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

/**
 * The client's network address, the key for per-client rate limits.
 *
 * With `trustProxyHops` = 0 it is the TCP peer. Behind N trusted reverse proxies it is the N-th
 * address from the right of `X-Forwarded-For`: the entries further left were written by the
 * client and cannot be trusted, so taking the leftmost would let anyone pick their own bucket.
 * Requests without a socket (tests calling `app.request`) share the address `unknown`.
 */
export function clientAddress(c: Context, trustProxyHops: number): string {
  if (trustProxyHops > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const fromProxy = hops[hops.length - trustProxyHops];
    if (fromProxy) return fromProxy.slice(0, 64);
  }
  const env = c.env as { incoming?: IncomingMessage; server?: { incoming?: IncomingMessage } } | undefined;
  return (env?.incoming ?? env?.server?.incoming)?.socket.remoteAddress ?? 'unknown';
}
