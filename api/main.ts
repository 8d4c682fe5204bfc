// `npm run api`: the API alone, against an existing Temporal and PostgreSQL (DATABASE_URL, or
// the embedded server that `npm start` runs).
import { loadConfig } from '../config.js';
import { createDb } from '../db/client.js';
import { createLogger } from '../logger.js';
import { untilSignal } from '../lifecycle.js';
import { startApi } from './serve.js';

const config = loadConfig();
const logger = createLogger(config, 'api');
const db = createDb(config.database.url);
const api = await startApi(config, db, logger);
await untilSignal();
await api.stop();
await db.destroy();
