/**
 * `npm run migrate` / `npm run seed`: apply migrations (and TimescaleDB policies) to DATABASE_URL,
 * or insert the demo clinic.
 */
import { z } from 'zod';
import { env, parseEnv, runMain } from '../../common/src/config.ts';
import { serviceEnv } from '../../common/src/config-fields.ts';
import { createLogger } from '../../common/src/logger.ts';
import { migrate } from './migrate.ts';
import { createPool } from './pool.ts';
import { seedDemo } from './seed.ts';
import { applyTimescalePolicies } from './timescale.ts';

const DbCliConfig = z.object({
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  LOG_LEVEL: env.logLevel(),
  TIMESCALE_COMPRESS_AFTER: serviceEnv.TIMESCALE_COMPRESS_AFTER,
  TIMESCALE_RETAIN_FOR: serviceEnv.TIMESCALE_RETAIN_FOR,
});

await runMain(async () => {
  const command = process.argv[2];
  if (command !== 'migrate' && command !== 'seed') {
    process.stderr.write('usage: tsx db/src/cli.ts migrate|seed\n');
    process.exit(2);
  }
  const cfg = parseEnv(DbCliConfig, process.env);
  const logger = createLogger({ name: 'db', level: cfg.LOG_LEVEL });
  const pool = createPool(cfg.DATABASE_URL, { max: 2, applicationName: 'vitals-db-cli' });
  try {
    const result = await migrate(pool, { logger });
    const timescale = await applyTimescalePolicies(pool, {
      compressAfter: cfg.TIMESCALE_COMPRESS_AFTER,
      retainFor: cfg.TIMESCALE_RETAIN_FOR === 'forever' ? null : cfg.TIMESCALE_RETAIN_FOR,
    });
    logger.info({ applied: result.applied.length, skipped: result.skipped, timescale }, 'migrations up to date');
    if (command === 'seed') {
      await seedDemo(pool);
      logger.info('demo clinic seeded');
    }
  } finally {
    await pool.end();
  }
});
