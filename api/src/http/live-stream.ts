import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { LiveEvent, LiveEvents } from '../../../common/src/live-events.ts';

/** Query of every server-sent-event route: streams end after a while so access is checked again. */
export const LiveStreamQuery = z.object({
  maxSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(3600)
    .openapi({ description: 'the server ends the stream after this long; the client reconnects, and access is checked again' }),
});

/** Proxies drop idle connections after a minute or so; a comment every 15 s keeps them open. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * One live-event subscription per API instance, shared by every open stream: a subscription
 * costs a Redis or PostgreSQL connection, a stream costs a listener in a set. Subscribes on the
 * first stream; the subscription ends when the live-events client is closed.
 */
export function createLiveHub(live: LiveEvents) {
  const listeners = new Set<(e: LiveEvent) => void>();
  let subscribed: Promise<unknown> | null = null;
  return {
    async listen(listener: (e: LiveEvent) => void): Promise<() => void> {
      subscribed ??= live.subscribe((e) => {
        for (const l of listeners) l(e);
      });
      await subscribed;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type LiveHub = ReturnType<typeof createLiveHub>;

export interface LiveStreamOptions<E> {
  /** Null (no live events configured, e.g. a test app): the stream sends heartbeats only. */
  hub: LiveHub | null;
  /** The events this stream is about, e.g. alerts; others are dropped before queueing. */
  select: (e: LiveEvent) => E | null;
  /** Writes one event, or nothing (a per-event access check may decide so). */
  send: (stream: SSEStreamingApi, e: E) => Promise<void>;
  /** The stream ends after this long: the client reconnects, and access is checked again. */
  maxSeconds: number;
  heartbeatMs?: number;
}

/**
 * Server-sent events from live events: a `ready` event once listening, then the selected events
 * in order, with `: heartbeat` comments while idle, until the client leaves or `maxSeconds` pass.
 */
export function streamLiveEvents<E>(c: Context, opts: LiveStreamOptions<E>): Response {
  const heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  return streamSSE(c, async (stream) => {
    const pending: E[] = [];
    let wake: () => void = () => undefined;
    const stop = opts.hub
      ? await opts.hub.listen((raw) => {
          const e = opts.select(raw);
          if (e === null) return;
          pending.push(e);
          wake();
        })
      : () => undefined;
    stream.onAbort(() => wake());
    const deadline = Date.now() + opts.maxSeconds * 1000;
    try {
      await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
      while (!stream.aborted && Date.now() < deadline) {
        const e = pending.shift();
        if (e !== undefined) {
          await opts.send(stream, e);
          continue;
        }
        const woken = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), Math.min(heartbeatMs, deadline - Date.now()));
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        if (!woken && !stream.aborted && Date.now() < deadline) await stream.write(': heartbeat\n\n');
      }
    } finally {
      stop();
    }
  });
}
