import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../../../common/src/logger.ts';
import type { IngestPipeline } from '../pipeline/pipeline.ts';
import { parseGatewayTopic } from './topics.ts';

export interface ExternalConsumerDeps {
  pipeline: IngestPipeline;
  logger: Logger;
  config: {
    MQTT_URL: string;
    MQTT_USERNAME?: string | undefined;
    MQTT_PASSWORD?: string | undefined;
    MQTT_CLIENT_ID: string;
    MQTT_SHARE_GROUP: string;
    MQTT_TOPIC_PREFIX: string;
    MQTT_CONSUMERS: number;
  };
}

/**
 * External broker mode: consume `$share/{group}/{prefix}/gw/+/readings` so several ingest replicas
 * (and several connections per replica) split the load. Persistent sessions (clean: false, fixed
 * client ids) keep unacknowledged messages at the broker across restarts. PUBACK is sent only
 * after the pipeline committed the message (MQTT.js sends it when handleMessage calls back).
 * Authentication and topic ACLs are the external broker's job in this mode (docs/ingest.md).
 */
export async function startExternalConsumer(deps: ExternalConsumerDeps): Promise<{ close(): Promise<void> }> {
  const { config, logger, pipeline } = deps;
  const topic = `$share/${config.MQTT_SHARE_GROUP}/${config.MQTT_TOPIC_PREFIX}/gw/+/readings`;
  const clients: MqttClient[] = [];
  for (let i = 0; i < config.MQTT_CONSUMERS; i++) {
    const client = mqtt.connect(config.MQTT_URL, {
      clientId: `${config.MQTT_CLIENT_ID}-${i}`,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      ...(config.MQTT_USERNAME ? { username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD ?? '' } : {}),
    });
    client.handleMessage = (packet, callback) => {
      if (packet.cmd !== 'publish') return callback();
      const t = parseGatewayTopic(config.MQTT_TOPIC_PREFIX, packet.topic);
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      // The topic filter guarantees the shape; a gateway id comes from the topic, as in embedded mode.
      pipeline.handle(t?.gatewayId ?? 'unknown', packet.topic, payload).then(
        () => callback(),
        (err) => {
          // No PUBACK: drop the connection so the broker redelivers this message after reconnect.
          logger.warn({ err: (err as Error).message }, 'message not committed; reconnecting for redelivery');
          client.stream.destroy();
        },
      );
    };
    client.on('error', (err) => logger.warn({ err: err.message, consumer: i }, 'mqtt consumer error'));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', (connack) => {
        // A resumed session keeps its subscription; subscribing again is harmless.
        void connack;
        client.subscribe(topic, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
      });
      client.once('error', reject);
    });
    clients.push(client);
  }
  logger.info({ topic, consumers: clients.length }, 'consuming from external broker');
  return {
    async close() {
      // Commit what is in hand so its PUBACKs go out; anything later is redelivered (and deduped).
      await pipeline.drain();
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
}
