import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { DEFAULT_TOPIC_PREFIX, ReadingsBatch, topics } from '../../../common/src/wire/readings.ts';

/** A message the broker accepted on a topic other than `readings`. */
export interface SeenMessage {
  topic: string;
  payload: unknown;
  retain: boolean;
}

/** Who may connect: gateways by id and token, and one observer (an ingest stand-in) that may subscribe to anything. */
export interface TestBrokerCredentials {
  gateways: Record<string, string>;
  observer?: { username: string; password: string };
}

const AUTH_FAILED: AuthenticateError = Object.assign(new Error('bad username or password'), { returnCode: 4 as AuthenticateError['returnCode'] });

/**
 * Test helper: an in-process aedes 1.x broker on a free port (never 1883) that plays ingest's part.
 * Gateways authenticate with id and token (client id must be `gw-<id>`) and may publish only under
 * their own prefix and subscribe only to their own `cmd`. A readings batch is recorded inside
 * `authorizePublish`, so it is "committed" before aedes sends the PUBACK; `beforeAccept` can delay
 * or refuse that. The broker can be stopped and started again on the same port.
 */
export class TestBroker {
  /** Every readings batch accepted, in order, across restarts. */
  readonly batches: ReadingsBatch[] = [];
  /** Every other message accepted (status, events, wills), in order. */
  readonly messages: SeenMessage[] = [];
  /** `clientId topic` of every subscription granted, in order, across restarts. */
  readonly subscriptions: string[] = [];
  /** Awaited before a readings batch is recorded; throw to refuse it (aedes then drops the connection). */
  beforeAccept: (batch: ReadingsBatch) => Promise<void> = async () => undefined;
  port = 0;
  readonly #credentials: TestBrokerCredentials;
  readonly #prefix: string;
  #broker: Aedes | undefined;
  #server: Server | undefined;
  #clients = new Map<string, Client>();
  #gatewayOf = new WeakMap<Client, string>();

  private constructor(credentials: TestBrokerCredentials, prefix: string) {
    this.#credentials = credentials;
    this.#prefix = prefix;
  }

  /** Create and start a broker on a free port. */
  static async create(credentials: TestBrokerCredentials, prefix = DEFAULT_TOPIC_PREFIX): Promise<TestBroker> {
    const broker = new TestBroker(credentials, prefix);
    await broker.start();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get connectedClients(): number {
    return this.#broker?.connectedClients ?? 0;
  }

  /** Start (again) on the remembered port; a fresh aedes, so sessions and retained messages are gone. */
  async start(): Promise<void> {
    const broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => this.#authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => void this.#authorizePublish(client, packet.topic, packet.payload, packet.retain).then(() => done(null), done),
      authorizeSubscribe: (client, subscription, done) => done(this.#maySubscribe(client, subscription.topic) ? null : new Error('not authorized'), subscription),
    });
    broker.on('client', (client) => this.#clients.set(client.id, client));
    broker.on('clientDisconnect', (client) => this.#clients.delete(client.id));
    broker.on('subscribe', (subscriptions, client) => this.subscriptions.push(...subscriptions.map((s) => `${client.id} ${s.topic}`)));
    const server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('broker has no TCP address');
    this.port = address.port;
    this.#broker = broker;
    this.#server = server;
  }

  /** Close every connection and stop listening. */
  async stop(): Promise<void> {
    const broker = this.#broker;
    const server = this.#server;
    this.#broker = undefined;
    this.#server = undefined;
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#clients.clear();
  }

  /** Publish from the server side (e.g. a command), QoS 1. */
  publish(topic: string, payload: string | Buffer): Promise<void> {
    const broker = this.#broker;
    if (!broker) return Promise.reject(new Error('broker is stopped'));
    return new Promise((resolve, reject) =>
      broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Cut a client's TCP connection without a DISCONNECT, as a network failure would. */
  dropConnection(clientId: string): void {
    const client = this.#clients.get(clientId);
    if (!client) throw new Error(`no client ${clientId}`);
    client.conn.destroy();
  }

  /** Reading ids in the order their batches were accepted (repeats included). */
  readingIds(): string[] {
    return this.batches.flatMap((b) => b.readings.map((r) => r.id));
  }

  #authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: (err: AuthenticateError | null, ok: boolean | null) => void): void {
    const secret = password?.toString('utf8');
    const { gateways, observer } = this.#credentials;
    if (username !== undefined && gateways[username] !== undefined && gateways[username] === secret && client.id === `gw-${username}`) {
      this.#gatewayOf.set(client, username);
      return done(null, true);
    }
    if (observer && username === observer.username && secret === observer.password) return done(null, true);
    done(AUTH_FAILED, false);
  }

  async #authorizePublish(client: Client | null, topic: string, payload: Buffer | string, retain: boolean): Promise<void> {
    const gatewayId = client ? this.#gatewayOf.get(client) : undefined;
    if (client !== null && gatewayId === undefined) return;
    if (gatewayId !== undefined && !topic.startsWith(`${this.#prefix}/gw/${gatewayId}/`)) throw new Error('not authorized');
    const text = payload.toString();
    if (gatewayId !== undefined && topic === topics.readings(this.#prefix, gatewayId)) {
      const batch = ReadingsBatch.parse(JSON.parse(text));
      await this.beforeAccept(batch);
      this.batches.push(batch);
      return;
    }
    this.messages.push({ topic, payload: JSON.parse(text) as unknown, retain });
  }

  #maySubscribe(client: Client, topic: string): boolean {
    const gatewayId = this.#gatewayOf.get(client);
    return gatewayId === undefined || topic === topics.cmd(this.#prefix, gatewayId);
  }
}

/** Poll `condition` until it holds; fail with `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
