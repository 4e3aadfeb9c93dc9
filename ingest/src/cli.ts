/**
 * Operator commands for ingest.
 *   npx tsx ingest/src/cli.ts reprocess-dead-letters [--reason unassigned_device] [--id 12 --id 13]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../../common/src/clock.ts';
import { env, parseEnv, runMain } from '../../common/src/config.ts';
import { createPool } from '../../db/src/pool.ts';
import { reprocessDeadLetters } from './dead-letters/reprocess.ts';

await runMain(async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { reason: { type: 'string', multiple: true }, id: { type: 'string', multiple: true }, limit: { type: 'string' } } });
  if (positionals[0] !== 'reprocess-dead-letters') {
    process.stderr.write('usage: tsx ingest/src/cli.ts reprocess-dead-letters [--reason R]... [--id N]... [--limit N]\n');
    process.exit(2);
  }
  const cfg = parseEnv(z.object({ DATABASE_URL: env.url(['postgres', 'postgresql']) }), process.env);
  const db = createPool(cfg.DATABASE_URL, { max: 2, applicationName: 'vitals-ingest-cli' });
  try {
    const r = await reprocessDeadLetters(db, systemClock, {
      ...(values.reason ? { reasons: values.reason } : {}),
      ...(values.id ? { ids: values.id.map(Number) } : {}),
      ...(values.limit ? { limit: Number(values.limit) } : {}),
    });
    process.stdout.write(JSON.stringify(r) + '\n');
  } finally {
    await db.end();
  }
});
