// `npm run migrate`: brings DATABASE_URL (or the embedded server's database) to the latest schema.
import { loadConfig } from '../config.js';
import { createDb, migrateToLatest } from '../db/client.js';
import { step } from '../dev/util.js';

const db = createDb(loadConfig().database.url);
try {
  const applied = await migrateToLatest(db);
  step('migrate', applied.length ? `applied ${applied.map((m) => m.migrationName).join(', ')}` : 'up to date');
} catch (err) {
  step('migrate', `FAILED: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
