import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { logWith, type Logger } from '../logger.js';
import { createApp } from './app.js';
import { apiConnection, createScheduler } from './scheduler.js';
import { reconcileHeartbeats } from './services/sync.js';

const RECONCILE_EVERY_MS = 10_000;

/**
 * Serves the API on the configured port and keeps heartbeat workflows in line with the
 * database: at start-up and every few seconds, rows Temporal has not caught up with are sent
 * again. The Temporal connection is lazy, so the API starts (and answers 503) while Temporal is down.
 */
export async function startApi(config: Config, db: Db, logger: Logger) {
  const connection = apiConnection(config.temporal.address);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const scheduler = createScheduler(client, config.temporal.taskQueue);
  const log = logWith(logger);
  const app = createApp({
    db,
    scheduler,
    log,
    pingTemporal: async () => {
      await connection.workflowService.getSystemInfo({});
    },
  });
  const services = { db, scheduler, now: () => new Date(), log };

  let reconciling: Promise<unknown> = Promise.resolve();
  const reconcile = () => {
    reconciling = reconcileHeartbeats(services).then(
      ({ synced, failed }) => {
        if (synced || failed) logger.info({ synced, failed }, 'reconciled heartbeats with their workflows');
      },
      (err: unknown) => logger.warn({ err }, 'reconciliation pass failed'),
    );
  };
  reconcile();
  const timer = setInterval(reconcile, RECONCILE_EVERY_MS);

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
      clearInterval(timer);
      await reconciling;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
