import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { LiveEvents } from '../../../common/src/live-events.ts';
import type { IngestMetrics } from '../metrics.ts';
import type { IngestPipeline } from '../pipeline/pipeline.ts';
import { authenticateGateway } from './gateway-auth.ts';
import { applyEventMessage, applyStatusMessage, setGatewayState } from './gateway-state.ts';
import { takeToken, type Bucket } from './token-bucket.ts';
import { guardPacketSize } from './packet-size-guard.ts';
import { parseGatewayTopic } from './topics.ts';

export interface EmbeddedBrokerDeps {
  db: pg.Pool;
  pipeline: IngestPipeline;
  live: LiveEvents | null;
  metrics: IngestMetrics;
  clock: Clock;
  logger: Logger;
  config: {
    MQTT_PORT: number;
    MQTT_HOST: string;
    MQTT_WS_PORT?: number | undefined;
    MQTT_TLS_PORT?: number | undefined;
    MQTT_TLS_CERT?: string | undefined;
    MQTT_TLS_KEY?: string | undefined;
    MQTT_TOPIC_PREFIX: string;
    MQTT_RATE_LIMIT_PER_S: number;
    MQTT_MAX_PAYLOAD_BYTES: number;
    MQTT_CONNECT_TIMEOUT_MS: number;
  };
}

export interface EmbeddedBroker {
  port: number;
  wsPort?: number;
  tlsPort?: number;
  /** Disconnect every client of a gateway at once (after its token was revoked or rotated). */
  disconnectGateway(gatewayId: string): number;
  close(): Promise<void>;
}

const authError = (code: number, message: string): AuthenticateError => Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;

/**
 * aedes in process. A gateway logs in with its id as username and its token as password; it may
 * publish only under `{prefix}/gw/{its id}/` and subscribe only to its own `cmd`. A readings publish
 * is acknowledged (PUBACK) only after the pipeline committed it: aedes sends PUBACK once the
 * authorizePublish hook calls back, so the hook waits for the commit.
 */
export async function startEmbeddedBroker(deps: EmbeddedBrokerDeps): Promise<EmbeddedBroker> {
  const { db, pipeline, metrics, logger, clock, config } = deps;
  const prefix = config.MQTT_TOPIC_PREFIX;
  const gatewayOf = new WeakMap<Client, string>();
  const clientsOf = new Map<string, Set<Client>>();
  const buckets = new Map<string, Bucket>();
  const broker = await Aedes.createBroker({
    // Readings are consumed by the hook, not routed; keep the in-memory queue per client small.
    queueLimit: 100,
    maxClientsIdLength: 64,
    // a connection that has not sent CONNECT by then is dropped (slow-loris)
    connectTimeout: config.MQTT_CONNECT_TIMEOUT_MS,
    authenticate(client, username, password, done) {
      if (!username || !password) return done(authError(4, 'username and password required'), false);
      authenticateGateway(db, username, Buffer.from(password)).then(
        (r) => {
          if (!r.ok) {
            metrics.refused.inc({ reason: `auth_${r.reason}` });
            logger.warn({ gatewayId: username, reason: r.reason }, 'gateway login refused');
            return done(authError(r.reason === 'revoked' ? 5 : 4, 'not authorized'), false);
          }
          gatewayOf.set(client, username);
          done(null, true);
        },
        (err) => {
          logger.error({ err }, 'gateway authentication failed');
          done(authError(3, 'server unavailable'), false);
        },
      );
    },
    authorizePublish(client, packet, done) {
      if (!client) return done(null); // broker-internal publish
      const gatewayId = gatewayOf.get(client);
      const t = parseGatewayTopic(prefix, packet.topic);
      if (!gatewayId || !t || t.gatewayId !== gatewayId) {
        metrics.refused.inc({ reason: 'topic_acl' });
        logger.warn({ gatewayId, reason: 'topic_acl' }, 'publish outside the gateway prefix refused');
        return done(new Error('publish not authorized'));
      }
      if (t.kind !== 'status') packet.retain = false; // only the status topic is retained
      if (t.kind !== 'readings') return done(null);
      const { bucket, waitMs } = takeToken(buckets.get(gatewayId), clock.now().getTime(), config.MQTT_RATE_LIMIT_PER_S, config.MQTT_RATE_LIMIT_PER_S * 5);
      buckets.set(gatewayId, bucket);
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      const run = () =>
        pipeline.handle(gatewayId, packet.topic, payload).then(
          () => done(null),
          (err) => {
            // Not acknowledged: dropping the connection makes the gateway resend after reconnecting.
            logger.warn({ gatewayId, err: (err as Error).message }, 'readings not committed; closing connection so the gateway resends');
            done(new Error('temporarily unavailable'));
          },
        );
      if (waitMs > 0) setTimeout(run, waitMs);
      else void run();
    },
    authorizeSubscribe(client, sub, done) {
      const gatewayId = gatewayOf.get(client);
      if (gatewayId && sub.topic === `${prefix}/gw/${gatewayId}/cmd`) return done(null, sub);
      metrics.refused.inc({ reason: 'subscribe_acl' });
      logger.warn({ gatewayId, reason: 'subscribe_acl' }, 'subscription refused');
      done(null, null); // negative SUBACK: refused without dropping the connection
    },
    // Nothing but a gateway's own cmd topic is ever delivered to a gateway.
    authorizeForward(client, packet) {
      const gatewayId = gatewayOf.get(client);
      return gatewayId && packet.topic === `${prefix}/gw/${gatewayId}/cmd` ? packet : null;
    },
  });

  broker.on('clientReady', (client) => {
    const gatewayId = gatewayOf.get(client);
    if (!gatewayId) return;
    if (!clientsOf.has(gatewayId)) clientsOf.set(gatewayId, new Set());
    clientsOf.get(gatewayId)!.add(client);
    metrics.connectedGateways.set(clientsOf.size);
    void setGatewayState(db, gatewayId, 'online', clock.now()).catch((err) => logger.warn({ err }, 'gateway state not saved'));
  });
  broker.on('clientDisconnect', (client) => {
    const gatewayId = gatewayOf.get(client);
    if (!gatewayId) return;
    const set = clientsOf.get(gatewayId);
    set?.delete(client);
    if (set && set.size === 0) clientsOf.delete(gatewayId);
    metrics.connectedGateways.set(clientsOf.size);
    if (!clientsOf.has(gatewayId)) void setGatewayState(db, gatewayId, 'offline', clock.now()).catch((err) => logger.warn({ err }, 'gateway state not saved'));
  });
  // Status (including the last will, which the broker publishes for a dead client) and events.
  broker.on('publish', (packet, client) => {
    const t = parseGatewayTopic(prefix, packet.topic);
    if (!t || t.kind === 'readings') return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const apply = t.kind === 'status' ? applyStatusMessage(db, t.gatewayId, payload, clock.now()) : applyEventMessage(db, t.gatewayId, payload);
    void apply.then(
      (ok) => {
        if (!ok) logger.warn({ gatewayId: t.gatewayId, kind: t.kind, fromClient: !!client }, 'invalid status/event message ignored');
      },
      (err) => logger.warn({ err }, 'status/event not saved'),
    );
  });

  const servers: Array<net.Server | http.Server> = [];
  const listen = (server: net.Server | http.Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, config.MQTT_HOST, () => resolve((server.address() as AddressInfo).port));
      servers.push(server);
    });

  // Payloads a little over the limit are read and dead-lettered (accounted for); a packet far over
  // it is refused at the socket before it is buffered.
  const maxPacket = config.MQTT_MAX_PAYLOAD_BYTES * 4 + 64 * 1024;
  const guard = (conn: net.Socket | Duplex) =>
    guardPacketSize(conn, maxPacket, (announced) => {
      metrics.refused.inc({ reason: 'packet_too_large' });
      logger.warn({ announced, max: maxPacket }, 'oversized MQTT packet: connection dropped');
    });
  const guarded = (socket: net.Socket) => {
    guard(socket);
    broker.handle(socket);
  };
  const port = await listen(net.createServer(guarded), config.MQTT_PORT);
  let wsPort: number | undefined;
  if (config.MQTT_WS_PORT !== undefined) {
    const httpServer = http.createServer();
    // MQTT over WebSocket may split one packet across frames, so the same stream guard applies;
    // maxPayload also stops a single frame far over the limit before ws buffers it.
    const wss = new WebSocketServer({ server: httpServer, maxPayload: maxPacket });
    wss.on('connection', (ws, req) => {
      const stream = createWebSocketStream(ws);
      guard(stream);
      broker.handle(stream, req);
    });
    wsPort = await listen(httpServer, config.MQTT_WS_PORT);
  }
  let tlsPort: number | undefined;
  if (config.MQTT_TLS_PORT !== undefined && config.MQTT_TLS_CERT && config.MQTT_TLS_KEY) {
    const tlsServer = tls.createServer({ cert: readFileSync(config.MQTT_TLS_CERT), key: readFileSync(config.MQTT_TLS_KEY) }, guarded);
    tlsPort = await listen(tlsServer, config.MQTT_TLS_PORT);
  }

  let unsubscribe: (() => Promise<void>) | undefined;
  const disconnectGateway = (gatewayId: string) => {
    const set = clientsOf.get(gatewayId);
    if (!set) return 0;
    for (const c of set) c.close();
    return set.size;
  };
  if (deps.live) {
    unsubscribe = await deps.live.subscribe(
      (e) => {
        if (e.type === 'gateway-revoked') {
          const n = disconnectGateway(e.gatewayId);
          logger.info({ gatewayId: e.gatewayId, clients: n }, 'revoked gateway disconnected');
        }
      },
      ['gateway-revoked'],
    );
  }
  logger.info({ port, wsPort, tlsPort }, 'embedded MQTT broker listening');

  return {
    port,
    ...(wsPort !== undefined ? { wsPort } : {}),
    ...(tlsPort !== undefined ? { tlsPort } : {}),
    disconnectGateway,
    async close() {
      await unsubscribe?.();
      // stop accepting, let in-flight commits finish (their PUBACKs go out), then close clients
      const stopped = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      await pipeline.drain();
      await new Promise<void>((r) => broker.close(() => r()));
      await Promise.all(stopped);
    },
  };
}
