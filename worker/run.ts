/** The worker process: connects to Temporal, runs the heartbeat worker, and stops cleanly. */
import { hostname } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { CACHED_HEARTBEAT_HEAP_KB, type Config } from '../config.js';
import { createActivities } from '../activities/index.js';
import { createProvider } from '../activities/agent/providers.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../telemetry/logger.js';
import { createOutboundFetch } from '../outbound/fetch.js';
import { secretBoxFor } from '../secrets.js';
import type { Metrics } from '../telemetry/metrics.js';
import { serveMetrics } from '../telemetry/server.js';
import { buildWorkflowBundle } from './bundle.js';
import { sdkLogger } from './sdk-logger.js';
import { ensureSearchAttributes } from '../contract/register-search-attributes.js';
import { startPressureReporter } from './pressure.js';
import { concurrencyOf, createHeartbeatWorkers } from './worker.js';

let runtimeInstalled = false;

/**
 * The cache lives in the workflow thread's heap, whose limit is the process's: a budget that does
 * not fit leaves the worker collecting garbage all day. Said once, at start.
 */
function warnIfCacheOutgrowsHeap(config: Config, logger: Logger) {
  const heapMb = getHeapStatistics().heap_size_limit / 1024 / 1024;
  const cacheHeapMb = (config.worker.maxCachedWorkflows * CACHED_HEARTBEAT_HEAP_KB) / 1024;
  if (cacheHeapMb + 64 > heapMb) {
    logger.warn(
      { cachedHeartbeats: config.worker.maxCachedWorkflows, cacheHeapMb, heapMb: Math.round(heapMb) },
      'WORKER_CACHE_MB does not fit the heap: raise WORKER_HEAP_MB (npm start) or --max-old-space-size',
    );
  }
}

/** Connects to Temporal and runs the heartbeat worker until `stop()` is called. */
export async function startWorker(config: Config, db: Db, logger: Logger, metrics: Metrics) {
  const sdkMetrics = `127.0.0.1:${config.worker.sdkMetricsPort}`;
  if (!runtimeInstalled) {
    Runtime.install({
      logger: sdkLogger(logger),
      // Durations in seconds with the unit in the name (…_latency_seconds), as Prometheus names them.
      telemetryOptions: {
        metrics: {
          prometheus: {
            bindAddress: sdkMetrics,
            countersTotalSuffix: true,
            unitSuffix: true,
            useSecondsForDurations: true,
          },
        },
      },
    });
    runtimeInstalled = true;
  }
  if (config.temporal.external) {
    // The dev server gets the search attributes as flags; elsewhere, register them if allowed.
    const client = await Connection.connect({ address: config.temporal.address });
    await ensureSearchAttributes(client, config.temporal.namespace).catch((err: unknown) =>
      logger.warn(
        { err },
        'could not register the search attributes; register them with `temporal operator search-attribute create`',
      ),
    );
    await client.close();
  }
  const [connection, workflowBundle] = await Promise.all([
    NativeConnection.connect({ address: config.temporal.address }),
    buildWorkflowBundle(config.sourceRoot),
  ]);
  const pressure = startPressureReporter(db, `${hostname()}:${process.pid}`, (message, err) =>
    logger.warn({ err }, message),
  );
  const workers = await createHeartbeatWorkers({
    connection,
    workflowBundle,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities(
      {
        db,
        provider: await createProvider(config.agent),
        creditMultipliers: config.agent.creditMultipliers,
        metrics,
        secrets: secretBoxFor(config),
        fetch: createOutboundFetch(config.outbound),
        noteLateness: (ms) => pressure.note(ms),
        runLog: (entry) =>
          (entry.status === 'error' ? logger.warn : logger.info).call(
            logger,
            entry,
            entry.status === 'skipped' ? `run skipped (${entry.reason})` : `run ${entry.status}`,
          ),
      },
      { concurrentRuns: config.worker.maxConcurrentActivities },
    ),
    // Heartbeats that wake often stay cached; beyond the cache they replay their short history.
    cachedOften: config.worker.maxCachedWorkflows,
    extra: concurrencyOf(config.worker),
  });
  warnIfCacheOutgrowsHeap(config, logger);
  const running = workers.run();
  const metricsServer = await serveMetrics(metrics.registry, {
    host: config.api.host,
    port: config.worker.metricsPort,
    alsoFrom: `http://${sdkMetrics}/metrics`,
    ready: () => workers.running(),
  });
  logger.info(
    { taskQueue: config.temporal.taskQueue, provider: config.agent.provider, metrics: metricsServer.url },
    'worker running',
  );
  return {
    running,
    metricsUrl: metricsServer.url,
    async stop() {
      workers.shutdown();
      await running;
      await pressure.stop();
      await connection.close();
      await metricsServer.close();
    },
  };
}
