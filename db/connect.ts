import type { Config } from '../config.js';
import { createDb, migrateToLatest, type Db } from './client.js';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from './postgres.js';

export const DEFAULT_DATABASE = 'heartbeat';
const EMBEDDED_URL = (port: number) => `postgres://heartbeat:heartbeat@127.0.0.1:${port}/${DEFAULT_DATABASE}`;

/** Where the application's database is: DATABASE_URL, else the embedded server's. */
export function databaseUrl(config: Config): string {
  return config.database.url ?? EMBEDDED_URL(config.database.embedded.port);
}

/**
 * Brings up the database for `npm start`: DATABASE_URL when set, else the embedded PostgreSQL
 * (started here, data under DATA_DIR); then runs the migrations.
 */
export async function bringUpDatabase(
  config: Config,
  progress: (line: string) => void,
): Promise<{ db: Db; url: string; embedded: boolean; stop: () => Promise<void> }> {
  let stopServer = async () => undefined as void;
  let url = config.database.url;
  if (!url) {
    const { port, dataDir } = config.database.embedded;
    progress(`PostgreSQL: starting the embedded server on 127.0.0.1:${port} (data in ${dataDir})…`);
    const server = await startEmbeddedPostgres({ dataDir, port });
    stopServer = server.stop;
    await ensureDatabase(server.url, DEFAULT_DATABASE);
    url = withDatabase(server.url, DEFAULT_DATABASE);
  } else {
    progress('PostgreSQL: using DATABASE_URL.');
  }
  const db = createDb(url);
  const applied = await migrateToLatest(db);
  progress(
    `Migrations: ${applied.length ? applied.map((m) => m.migrationName).join(', ') + ' applied' : 'up to date'}.`,
  );
  return {
    db,
    url,
    embedded: !config.database.url,
    stop: async () => {
      await db.destroy();
      await stopServer();
    },
  };
}
