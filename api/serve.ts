/** The API process: the app on a port, its request log, the reconciler and the key cache, and a clean stop. */
import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { logWith, type Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { listenForAuthChanges } from '../db/queries/api-keys.js';
import { createApp, type RequestLogEntry } from './app.js';
import { mcpCallChanges } from './mcp/tools.js';
import { createLoadShedder } from './overload.js';
import { currentPressure } from '../db/queries/pressure.js';
import { createKeyCache } from './key-cache.js';
import { secretBoxFor } from '../secrets.js';
import { startReconciler } from './reconciler.js';
import { createAlertSender } from './alert-sender.js';
import { createOutboundFetch } from '../outbound/fetch.js';
import { apiConnection, createTemporalGateway } from './temporal.js';

const RECONCILE_EVERY_MS = 10_000;

/** While reads are shed, one line this often says how many. */
const SHED_SUMMARY_MS = 10_000;

/** A read slower than this is logged at `info` like a change. */
const SLOW_READ_MS = 1_000;

/**
 * Which requests the log keeps at the default level: every change (an MCP tool that changes
 * something included), every refusal and error but a shed read (counted and summarised instead),
 * and slow reads. A plain read that answered in time is a `debug` line (`LOG_LEVEL=debug` shows them):
 * at 400 reads a second they were most of the log and, pretty-printed on a terminal, about 60 µs
 * of the API's CPU each (`npm run bench -- log-lines`).
 */
export function requestLevel(entry: RequestLogEntry): 'info' | 'debug' {
  // Shed reads come by the hundred a second: they are counted and said every SHED_SUMMARY_MS.
  if (entry.shed) return 'debug';
  const read =
    entry.mcp !== undefined
      ? entry.mcp_error === undefined && !mcpCallChanges(entry.mcp)
      : entry.method === 'GET' || entry.method === 'HEAD';
  return read && entry.status < 400 && entry.duration_ms < SLOW_READ_MS ? 'debug' : 'info';
}

/**
 * Serves the API on the configured port and keeps heartbeat workflows in line with the
 * database (the reconciler). The Temporal connection is lazy, so the API starts (and answers
 * 503) while Temporal is down.
 */
export async function startApi(config: Config, db: Db, logger: Logger, metrics?: Metrics) {
  const connection = apiConnection(config.temporal.address);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const temporal = createTemporalGateway(client, config.temporal.taskQueue);
  const log = logWith(logger);
  const keyCache = createKeyCache({ active: () => authChanges.listening() });
  const authChanges = listenForAuthChanges(config.database.url, () => keyCache.clear());
  const secrets = secretBoxFor(config);
  // Lateness reported within the last 10 s: a worker that stopped reporting no longer counts.
  const shedder = createLoadShedder(() => currentPressure(db, 10), {
    ...config.api.overload,
    onError: (err) => logger.warn({ err }, "could not read the workers' lateness"),
  });
  const app = createApp({
    shedder,
    db,
    temporal,
    log,
    metrics,
    keyCache,
    secrets,
    outbound: config.outbound,
    triggerWaitMs: config.api.triggerWaitSeconds * 1000,
    requestLog: (entry) =>
      requestLevel(entry) === 'info' ? logger.info(entry, 'request') : logger.debug(entry, 'request'),
    trustProxy: config.api.trustProxy,
    temporalUi: config.temporal.uiUrl
      ? { url: config.temporal.uiUrl, namespace: config.temporal.namespace }
      : undefined,
  });
  const alerts = createAlertSender({ db, fetch: createOutboundFetch(config.outbound), secrets, metrics, log });
  const reconciler = startReconciler(
    { db, temporal, log },
    RECONCILE_EVERY_MS,
    (result) => {
      if ('error' in result) logger.warn({ err: result.error }, 'reconciliation pass failed');
      else if (result.synced || result.failed || result.found)
        logger.info(result, 'reconciled heartbeats with their workflows');
    },
    { db, temporal, log, now: () => new Date(), metrics, alerts },
  );

  const shedSummary = setInterval(() => {
    const shed = shedder.takeShedCount();
    if (shed > 0)
      logger.info(
        { shed, lateness_ms: shedder.latenessMs },
        `shed ${shed} reads in the last ${SHED_SUMMARY_MS / 1000} s`,
      );
  }, SHED_SUMMARY_MS);
  shedSummary.unref();

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.api.host, port: config.api.port }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.api.port;
  const url = `http://${config.api.host}:${port}`;
  logger.info({ url }, 'API listening');
  return {
    url,
    app,
    async stop() {
      shedder.stop();
      clearInterval(shedSummary);
      await reconciler.stop();
      await alerts.stop();
      await authChanges.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
