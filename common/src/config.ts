import { z } from 'zod';

/** Raised when configuration is missing or malformed; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`config: ${variable} ${expected}`);
  }
}

/**
 * Parse environment variables with a zod object schema whose keys are the variable names.
 * The first problem becomes a ConfigError with one line: the variable and what it expects.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? '(environment)');
  const got = env[variable];
  const shown = got === undefined ? 'is missing' : `is ${JSON.stringify(got.length > 60 ? got.slice(0, 60) + '…' : got)}`;
  throw new ConfigError(variable, `${shown}: expected ${describeExpected(schema, variable, issue.message)}`);
}

function describeExpected(schema: z.ZodObject, variable: string, fallback: string): string {
  // .optional()/.default() wrap the described schema; look through the wrappers for a description.
  let field = schema.shape[variable] as z.ZodType | undefined;
  while (field) {
    if (field.description) return field.description;
    field = (field.def as { innerType?: z.ZodType }).innerType;
  }
  return fallback;
}

/** Common env field builders; each carries a description used in the one-line error. */
export const env = {
  port: (def: number) =>
    z.coerce.number().int().min(0).max(65535).default(def).describe('a TCP port number from 0 to 65535'),
  url: (protocols: string[]) =>
    z
      .string()
      .refine((v) => {
        try {
          return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      })
      .describe(`a URL starting with ${protocols.map((p) => p + '://').join(' or ')}`),
  positiveInt: (def: number) => z.coerce.number().int().positive().default(def).describe('a positive whole number'),
  bool: (def: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes')
      .describe('true or false'),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('one of fatal, error, warn, info, debug, trace, silent'),
  nonEmpty: () => z.string().min(1).describe('a non-empty string'),
};

/** Run a main(), printing a ConfigError as its single line and exiting 2. */
export async function runMain(main: () => Promise<unknown>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
}
