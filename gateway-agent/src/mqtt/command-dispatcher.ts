import type { Logger } from '../../../common/src/logger.ts';
import { GatewayCommand } from '../../../common/src/wire/readings.ts';

/** One handler per command type, supplied by the agent (clock sync, BLE rescan, config reload). */
export type CommandHandlers = {
  [K in GatewayCommand['type']]: (command: Extract<GatewayCommand, { type: K }>) => void | Promise<void>;
};

/** What became of one `cmd` message. */
export type CommandOutcome = 'handled' | 'invalid' | 'duplicate' | 'failed';

export interface CommandDispatcherDeps {
  handlers: CommandHandlers;
  logger: Logger;
  /** How many recent command ids to remember; a QoS 1 redelivery of one of them is skipped. Default 64. */
  rememberIds?: number;
}

function parseCommand(payload: Buffer): { command: GatewayCommand } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = GatewayCommand.safeParse(json);
  return parsed.success ? { command: parsed.data } : { problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

/**
 * Build the handler of the gateway's `cmd` topic: validate the payload against GatewayCommand
 * (invalid ones are logged and ignored: the server may be newer than this agent), skip a redelivered
 * id, and call the matching handler. It never throws, so a bad command cannot stop the MQTT client.
 */
export function createCommandDispatcher({ handlers, logger, rememberIds = 64 }: CommandDispatcherDeps): (payload: Buffer) => Promise<CommandOutcome> {
  const recent = new Set<string>();
  const run = (command: GatewayCommand): void | Promise<void> => {
    switch (command.type) {
      case 'time_sync':
        return handlers.time_sync(command);
      case 'rescan':
        return handlers.rescan(command);
      case 'reload_config':
        return handlers.reload_config(command);
      default: {
        const unhandled: never = command;
        logger.warn({ command: unhandled }, 'command type without handler ignored');
      }
    }
  };

  return async (payload) => {
    const parsed = parseCommand(payload);
    if ('problem' in parsed) {
      logger.warn({ problem: parsed.problem }, 'invalid gateway command ignored');
      return 'invalid';
    }
    const { command } = parsed;
    if (recent.has(command.id)) {
      logger.info({ type: command.type, id: command.id }, 'duplicate gateway command skipped');
      return 'duplicate';
    }
    recent.add(command.id);
    // A Set iterates in insertion order, so its first element is the oldest id.
    if (recent.size > rememberIds) recent.delete(recent.values().next().value!);
    try {
      await run(command);
      logger.info({ type: command.type, id: command.id }, 'gateway command handled');
      return 'handled';
    } catch (err) {
      logger.error({ err, type: command.type, id: command.id }, 'gateway command failed');
      return 'failed';
    }
  };
}
