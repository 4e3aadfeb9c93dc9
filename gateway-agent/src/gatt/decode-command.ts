import { parseArgs } from 'node:util';
import { z } from 'zod';
import { GattDecodeError } from './errors.ts';
import { parseHex } from './hex.ts';
import { findCodec } from './registry.ts';
import type { DecodeContext } from './types.ts';

/** What a CLI subcommand produces: text for stdout and the process exit code. */
export interface CommandResult {
  stdout: string;
  exitCode: number;
}

/** Usage of the `decode` subcommand. */
export const DECODE_USAGE = 'decode --uuid <2A35|0x2A35|128-bit> --hex "<bytes>" [--context \'{"cgmE2eCrc":true,"cgmSessionStartTime":"YYYY-MM-DDTHH:MM:SS"}\']';

const DecodeContextSchema = z.strictObject({
  cgmE2eCrc: z.boolean().optional(),
  cgmSessionStartTime: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
    .optional(),
});

function failure(code: string, message: string, offset: number | null = null): CommandResult {
  return { stdout: JSON.stringify({ error: { code, message, offset } }), exitCode: 1 };
}

function parseContext(text: string | undefined): DecodeContext | CommandResult {
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failure('INVALID_CONTEXT', '--context is not JSON');
  }
  const parsed = DecodeContextSchema.safeParse(json);
  if (!parsed.success) return failure('INVALID_CONTEXT', z.prettifyError(parsed.error));
  const context: DecodeContext = {};
  if (parsed.data.cgmE2eCrc !== undefined) context.cgmE2eCrc = parsed.data.cgmE2eCrc;
  if (parsed.data.cgmSessionStartTime !== undefined) context.cgmSessionStartTime = parsed.data.cgmSessionStartTime;
  return context;
}

/**
 * The `decode` subcommand: decodes one characteristic value and prints one JSON object,
 * `{ characteristic, fields, readings[, flags] }` with exit code 0, or
 * `{ error: { code, message, offset } }` with exit code 1 (offset null when the error is not
 * in the frame: usage, hex, unknown UUID).
 *
 * @param args - the arguments after `decode`
 * @example runDecodeCommand(['--uuid', '2A19', '--hex', '64']).stdout // '{"characteristic":"battery_level","fields":{"level":100},"readings":[]}'
 */
export function runDecodeCommand(args: readonly string[]): CommandResult {
  let values: { uuid?: string | undefined; hex?: string | undefined; context?: string | undefined };
  try {
    ({ values } = parseArgs({ args: [...args], options: { uuid: { type: 'string' }, hex: { type: 'string' }, context: { type: 'string' } }, strict: true }));
  } catch (e) {
    return failure('USAGE', `${(e as Error).message}; usage: ${DECODE_USAGE}`);
  }
  if (values.uuid === undefined || values.hex === undefined) return failure('USAGE', `--uuid and --hex are required; usage: ${DECODE_USAGE}`);

  const codec = findCodec(values.uuid);
  if (!codec) return failure('UNKNOWN_CHARACTERISTIC', `no decoder for characteristic ${JSON.stringify(values.uuid)}`);
  let bytes: Uint8Array;
  try {
    bytes = parseHex(values.hex);
  } catch (e) {
    return failure('INVALID_HEX', (e as Error).message);
  }
  const context = parseContext(values.context);
  if ('exitCode' in context) return context;

  try {
    return { stdout: JSON.stringify(codec.decode(bytes, context)), exitCode: 0 };
  } catch (e) {
    if (e instanceof GattDecodeError) return failure(e.code, e.message, e.offset);
    throw e;
  }
}
