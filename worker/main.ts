// `npm run worker`: one worker, against an existing Temporal and PostgreSQL. Run as many as
// the load needs; they share the task queue.
import { loadConfig } from '../config.js';
import { createDb } from '../db/client.js';
import { createLogger } from '../logger.js';
import { untilSignal } from '../lifecycle.js';
import { startWorker } from './run.js';

const config = loadConfig();
const logger = createLogger(config, 'worker');
const db = createDb(config.database.url);
const worker = await startWorker(config, db, logger);
await Promise.race([untilSignal(), worker.running]);
await worker.stop();
await db.destroy();
