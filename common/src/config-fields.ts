import { z } from 'zod';
import { env } from './config.ts';

/** Fields every server deployable shares. */
export const serviceEnv = {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  REDIS_URL: env.url(['redis', 'rediss']).optional(),
  LOG_LEVEL: env.logLevel(),
  /** Optional TimescaleDB policies; ignored on plain PostgreSQL. */
  TIMESCALE_COMPRESS_AFTER: z.string().regex(/^\d+ (hours|days|weeks|months)$/).default('7 days').describe('an interval such as "7 days"'),
  TIMESCALE_RETAIN_FOR: z
    .string()
    .regex(/^(\d+ (days|weeks|months|years)|forever)$/)
    .default('forever')
    .describe('an interval such as "5 years", or "forever"'),
};
