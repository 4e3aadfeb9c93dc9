import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './durable-fs.ts';

/** File in the outbox directory holding the highest acknowledged sequence number. */
export const ACK_FILE = 'acked.json';

const AckPointer = z.object({ v: z.literal(1), ackedThrough: z.number().int().nonnegative() });

/** What was read: `problem` says why the file was ignored, if it was. */
export interface AckPointerRead {
  ackedThrough: number;
  problem?: string;
}

/**
 * Read the ack pointer; 0 when there is none. An unreadable pointer counts as 0 too: that only
 * resends readings (harmless, ids are deterministic), where guessing higher could lose them.
 */
export async function readAckPointer(dir: string): Promise<AckPointerRead> {
  let text: string;
  try {
    text = await readFile(join(dir, ACK_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ackedThrough: 0 };
    throw err;
  }
  try {
    return { ackedThrough: AckPointer.parse(JSON.parse(text)).ackedThrough };
  } catch (err) {
    return { ackedThrough: 0, problem: `unreadable ${ACK_FILE}: ${(err as Error).message}` };
  }
}

/** Durably record that everything through `ackedThrough` is acknowledged (atomic replace). */
export function writeAckPointer(dir: string, ackedThrough: number): Promise<void> {
  const pointer: z.infer<typeof AckPointer> = { v: 1, ackedThrough };
  return writeFileAtomic(dir, ACK_FILE, Buffer.from(JSON.stringify(pointer)));
}
