/**
 * Child process for drain-sigkill.int.test.ts: a minimal gateway that drains a disk outbox to a
 * broker. It prints `connected` and `drained` on stdout; the test SIGKILLs it mid-drain, starts it
 * again and checks at the broker that nothing was lost.
 *
 * Usage: node --import tsx drain-child.ts <outboxDir> <mqttUrl> <gatewayId> <token> <batchSize>
 */
import { systemClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { openDiskBuffer } from '../outbox/disk-buffer.ts';
import { createGatewayPublisher } from './gateway-publisher.ts';

const [dir, mqttUrl, gatewayId, token, batchSize] = process.argv.slice(2);
const outbox = await openDiskBuffer({ dir: dir!, segmentBytes: 256 * 1024 });
const ignore = () => undefined;
const publisher = createGatewayPublisher({
  mqttUrl: mqttUrl!,
  gatewayId: gatewayId!,
  token: token!,
  outbox,
  clock: systemClock,
  logger: silentLogger(),
  heartbeatMs: 60_000,
  batchSize: Number(batchSize),
  reconnectPeriodMs: 100,
  commands: { time_sync: ignore, rescan: ignore, reload_config: ignore },
});
publisher.on('connected', () => process.stdout.write('connected\n'));
publisher.on('drained', () => process.stdout.write('drained\n'));
process.once('SIGTERM', () => {
  void publisher
    .close()
    .then(() => outbox.close())
    .then(() => process.exit(0));
});
