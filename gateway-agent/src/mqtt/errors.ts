/** Typed errors of the gateway publisher. */

/** An option given to createGatewayPublisher is invalid; thrown when the publisher is built. */
export class PublisherOptionError extends Error {
  override name = 'PublisherOptionError';
  constructor(
    readonly option: string,
    expected: string,
  ) {
    super(`gateway publisher option ${option}: expected ${expected}`);
  }
}

/** The publisher was closed before the message could be acknowledged by the broker. */
export class PublisherClosedError extends Error {
  override name = 'PublisherClosedError';
  constructor() {
    super('gateway publisher is closed');
  }
}

/**
 * Too many events are waiting for a broker acknowledgement (usually: the broker is unreachable).
 * Events are operational signals, not readings; the newest is refused rather than memory growing.
 */
export class EventBacklogFullError extends Error {
  override name = 'EventBacklogFullError';
  constructor(readonly limit: number) {
    super(`${limit} gateway events already wait for the broker; event refused`);
  }
}
