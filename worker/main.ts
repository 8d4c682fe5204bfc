// `npm run worker`: one worker, against an existing Temporal and PostgreSQL. Run as many as the
// load needs; they share the task queue. `npm start` runs one as a child process.
import { loadConfig } from '../config.js';
import { databaseFor } from '../db/client.js';
import { reportReady, untilStopped } from '../lifecycle.js';
import { createLogger } from '../telemetry/logger.js';
import { createMetrics } from '../telemetry/metrics.js';
import { startWorker } from './run.js';

const config = loadConfig();
const logger = createLogger(config, 'worker');
const metrics = createMetrics('worker');
const db = databaseFor(config, 'worker', { onStatement: () => metrics.dbStatements.inc() });
const worker = await startWorker(config, db, logger, metrics);
reportReady({ taskQueue: config.temporal.taskQueue, metrics: worker.metricsUrl });
const why = await Promise.race([untilStopped(), worker.running.then(() => 'the worker stopped')]);
logger.info({ why }, 'worker stopping');
await worker.stop();
await db.destroy();
