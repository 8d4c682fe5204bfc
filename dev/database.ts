import type { Config } from '../config.js';
import { createDb, migrateToLatest, type Db } from '../db/client.js';
import { ensureDatabase, startEmbeddedPostgres } from './postgres.js';

/**
 * Brings up the database for `npm start`: DATABASE_URL when set, else the embedded PostgreSQL
 * (started here, data under DATA_DIR); then runs the migrations.
 */
export async function bringUpDatabase(
  config: Config,
  progress: (line: string) => void,
): Promise<{ db: Db; url: string; embedded: boolean; stop: () => Promise<void> }> {
  let stopServer = async () => undefined as void;
  const url = config.database.url;
  if (!config.database.external) {
    const { port, dataDir, database } = config.database.embedded;
    progress(`PostgreSQL: starting the embedded server on 127.0.0.1:${port} (data in ${dataDir})…`);
    const server = await startEmbeddedPostgres({ dataDir, port });
    stopServer = server.stop;
    await ensureDatabase(server.url, database);
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
    embedded: !config.database.external,
    stop: async () => {
      await db.destroy();
      await stopServer();
    },
  };
}
