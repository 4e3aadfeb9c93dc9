import { z } from 'zod';
import { env, parseEnv } from '../common/src/config.ts';

/** The start command's own settings; each service still reads its own config on top. */
export const StartConfigSchema = z.object({
  DATABASE_URL: env.url(['postgres', 'postgresql']).optional(),
  VITALS_DATA_DIR: z.string().min(1).default('.data').describe('a writable directory'),
  EMBEDDED_PG_PORT: env.port(54329),
  /** In one process every service reads HTTP_PORT (the API's); these move the others aside. */
  INGEST_HTTP_PORT: env.port(9101),
  ALERTS_HTTP_PORT: env.port(9102),
  /** Run simulated gateways for the demo gateways (true) or none (false). */
  SIMULATE: env.bool(true),
  SIMULATE_SPEED: env.positiveInt(1),
  /** Days of device history the simulated homes start with, so the charts have data at once. */
  SIMULATE_BACKFILL_DAYS: z.coerce.number().min(0).max(400).default(14).describe('a number of days from 0 to 400'),
  LOG_LEVEL: env.logLevel(),
});
export type StartConfig = z.infer<typeof StartConfigSchema>;
export const loadStartConfig = (e: Record<string, string | undefined>) => parseEnv(StartConfigSchema, e);
