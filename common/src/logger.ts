import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Structured JSON logger. Health data must never reach a log line, so the
 * redact list strips the fields that could carry it even if a caller slips.
 */
export function createLogger(opts: { name: string; level?: string } & Pick<LoggerOptions, 'base'>): Logger {
  return pino({
    name: opts.name,
    level: opts.level ?? 'info',
    base: opts.base,
    redact: {
      paths: ['password', 'token', 'secret', '*.password', '*.token', '*.secret', 'value', '*.value', 'payload', '*.payload', 'mrn', '*.mrn', 'dob', '*.dob', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}

/** A logger that writes nothing: for tests that do not inspect logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
