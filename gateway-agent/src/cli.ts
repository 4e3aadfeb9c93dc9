/**
 * Gateway agent command line: `npx tsx gateway-agent/src/cli.ts <command> [options]`.
 * A thin dispatcher: each subcommand lives with its feature and returns its output and exit
 * code, so it is testable without a process.
 */
import { DECODE_USAGE, runDecodeCommand, type CommandResult } from './gatt/decode-command.ts';

const COMMANDS: Readonly<Record<string, (args: readonly string[]) => CommandResult>> = {
  decode: runDecodeCommand,
};

const USAGE = `usage: cli.ts <command>\ncommands:\n  ${DECODE_USAGE}`;

function main(argv: readonly string[]): number {
  const [name, ...rest] = argv;
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name === undefined ? 'no command' : `unknown command ${JSON.stringify(name)}`}\n${USAGE}\n`);
    return 2;
  }
  const result = command(rest);
  process.stdout.write(`${result.stdout}\n`);
  return result.exitCode;
}

process.exitCode = main(process.argv.slice(2));
