/**
 * The Kysely client on a pg pool, the database faults callers tell apart, and migrating to the latest
 * schema.
 */
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResult, type PostgresPool } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

// COUNT(*) and SUM() come back as int8; they stay far below 2^53 here, so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = Kysely<Database>;

/**
 * The database could not be reached or dropped the connection: a fault of the service's
 * surroundings, which callers answer with "try again", never with a crash.
 */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super(`the database is unreachable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/**
 * A statement gave up waiting (its statement or lock timeout): the database is overloaded or a
 * row is held; the caller retries.
 */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
  constructor(cause: pg.DatabaseError) {
    super(`the database is busy: ${cause.message}`, { cause });
  }
}

/** SQLSTATE: query_canceled (statement_timeout) and lock_not_available (lock_timeout). */
const TIMEOUT_CODES = new Set(['57014', '55P03']);

/** SQLSTATE classes and codes that mean the server is going away or refusing connections. */
function isConnectionFailure(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code));
}

/**
 * Errors the server reports carry a SQLSTATE (`pg.DatabaseError`) and keep it; anything else
 * the driver throws while talking to the server (a refused or dropped connection, a pool
 * timeout) is the database being unavailable.
 */
function classify(err: unknown): unknown {
  if (err instanceof pg.DatabaseError) {
    if (isConnectionFailure(err.code)) return new DatabaseUnavailableError(err);
    return err.code && TIMEOUT_CODES.has(err.code) ? new DatabaseBusyError(err) : err;
  }
  return new DatabaseUnavailableError(err);
}

export interface DbOptions {
  /** Connections in the pool. */
  max?: number;
  /** A statement running longer is cancelled by the server (SQLSTATE 57014). */
  statementTimeoutMs?: number;
  /** Waiting longer for a lock fails the statement (SQLSTATE 55P03). */
  lockTimeoutMs?: number;
  /** Waiting longer for a connection from the pool fails the query. */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Called for every statement sent (metrics count them). */
  onStatement?: () => void;
  /**
   * Statements with parameters are prepared once per connection and then only executed (true by
   * default); false for a connection pooler that cannot keep them (PgBouncer before 1.21 in
   * transaction mode).
   */
  preparedStatements?: boolean;
}

/** Distinct statements a pool prepares; any beyond are sent unprepared (Kysely builds a few dozen). */
const MAX_PREPARED = 256;
/** A prepared statement's result type changed under it (a live migration): SQLSTATE 0A000 and this message. */
const planChanged = (err: unknown): err is pg.DatabaseError =>
  err instanceof pg.DatabaseError &&
  err.code === '0A000' &&
  /cached plan must not change result type/.test(err.message);

/**
 * Names for the statements a pool prepares. The same text always gets the same name, which
 * every connection prepares the first time it runs it (PostgreSQL then parses and plans it
 * once, not on every call: a heartbeat read costs the database 0.19 ms of CPU instead of 0.48).
 * A name whose plan the schema outdated is dropped, and the text gets a new one.
 */
function statementNames() {
  const names = new Map<string, string>();
  let next = 0;
  return {
    nameOf(text: string): string | undefined {
      let name = names.get(text);
      if (name === undefined && names.size < MAX_PREPARED) names.set(text, (name = `heartbeat_${next++}`));
      return name;
    },
    forget(text: string) {
      names.delete(text);
    },
  };
}

export function createDb(url: string, opts: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    statement_timeout: opts.statementTimeoutMs,
    lock_timeout: opts.lockTimeoutMs,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    application_name: opts.applicationName,
  });
  // A client whose server went away must not crash the process, idle or checked out between
  // statements; the next query on it reports the failure.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const names = opts.preparedStatements === false ? undefined : statementNames();
  const classifying: PostgresPool = {
    async connect() {
      const client = await pool.connect().catch((err: unknown) => {
        throw classify(err);
      });
      return {
        query: ((...args: Parameters<typeof client.query>) => {
          opts.onStatement?.();
          const query = client.query.bind(client) as (...a: unknown[]) => unknown;
          // Kysely sends (text, values); a statement without values may hold several commands,
          // which only the simple protocol runs, so it is not prepared.
          const [text, values] = args as unknown[];
          const name =
            names && typeof text === 'string' && Array.isArray(values) && values.length > 0
              ? names.nameOf(text)
              : undefined;
          const result = name ? query({ name, text, values }) : query(...args);
          return result instanceof Promise
            ? result.catch((err: unknown) => {
                if (name && planChanged(err)) {
                  names!.forget(text as string);
                  throw new DatabaseBusyError(err);
                }
                throw classify(err);
              })
            : result;
        }) as typeof client.query,
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: classifying }) });
}

/**
 * The database for one of the service's processes: each has a pool of its own, so a busy worker
 * never starves the API of connections, and every statement has a time limit.
 */
export function databaseFor(
  config: Pick<Config, 'database'>,
  role: 'api' | 'worker' | 'tool',
  opts: Pick<DbOptions, 'onStatement'> = {},
): Db {
  const { url, pool, statementTimeoutMs, lockTimeoutMs, preparedStatements } = config.database;
  return createDb(url, {
    max: role === 'api' ? pool.api : role === 'worker' ? pool.worker : 2,
    statementTimeoutMs,
    lockTimeoutMs,
    preparedStatements,
    applicationName: `heartbeat-${role}`,
    ...opts,
  });
}

/** Resolves when the database answers a trivial query. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results ?? [];
}
