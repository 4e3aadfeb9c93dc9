import type { Logger } from './logger.ts';

export type Closer = { name: string; close: () => Promise<unknown> | unknown };

/**
 * Close resources in reverse order of creation on SIGTERM/SIGINT (servers stop accepting first,
 * pools end last). A second signal exits at once.
 */
export function closeOnSignals(closers: Closer[], logger: Logger): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const shutdown = () => {
    closing ??= (async () => {
      for (const c of [...closers].reverse()) {
        try {
          await c.close();
        } catch (err) {
          logger.warn({ err, resource: c.name }, 'close failed');
        }
      }
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    logger.info({ signal }, 'shutting down');
    void shutdown().then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return shutdown;
}
