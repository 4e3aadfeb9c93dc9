import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** Suffix of files being replaced atomically; a leftover one is from a crash and is deleted on open. */
export const TEMP_SUFFIX = '.tmp';

/**
 * fsync a directory, so that files created, renamed or deleted in it survive a power cut
 * (on Linux a file's own fsync does not make its directory entry durable).
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Write all of `data`: a single write() may store fewer bytes than asked. */
export async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    done += bytesWritten;
  }
}

/** Read `length` bytes at `position`; a short read means the file shrank under us. */
export async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  for (let done = 0; done < length; ) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) return buf.subarray(0, done);
    done += bytesRead;
  }
  return buf;
}

/**
 * Replace `dir/name` with `data` so that a crash leaves either the old or the new content:
 * write a temp file, fsync it, rename it over the old one, fsync the directory.
 */
export async function writeFileAtomic(dir: string, name: string, data: Buffer): Promise<void> {
  const temp = join(dir, name + TEMP_SUFFIX);
  const handle = await open(temp, 'w');
  try {
    await writeFully(handle, data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, name));
  await fsyncDir(dir);
}
