// `npm run api`: the API alone, against an existing Temporal and PostgreSQL (DATABASE_URL, or
// the embedded server that `npm start` runs). `npm start` runs it as a child process.
import { loadConfig } from '../config.js';
import { databaseFor } from '../db/client.js';
import { reportReady, untilStopped } from '../lifecycle.js';
import { createLogger } from '../telemetry/logger.js';
import { createMetrics } from '../telemetry/metrics.js';
import { startApi } from './serve.js';

const config = loadConfig();
const logger = createLogger(config, 'api');
const metrics = createMetrics('api');
const db = databaseFor(config, 'api', { onStatement: () => metrics.dbStatements.inc() });
const api = await startApi(config, db, logger, metrics);
reportReady({ url: api.url });
const why = await untilStopped();
logger.info({ why }, 'API stopping');
await api.stop();
await db.destroy();
