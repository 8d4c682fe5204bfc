// `npm run migrate`: brings DATABASE_URL (or the embedded server's database) to the latest schema.
import { loadConfig } from '../config.js';
import { createDb, migrateToLatest } from '../db/client.js';
import { databaseUrl } from '../db/connect.js';
import { step } from './lib/util.js';

const db = createDb(databaseUrl(loadConfig()));
try {
  const applied = await migrateToLatest(db);
  step('migrate', applied.length ? `applied ${applied.map((m) => m.migrationName).join(', ')}` : 'up to date');
} catch (err) {
  step('migrate', `FAILED: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
