import { Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Config } from '../config.js';
import { createActivities } from '../activities/index.js';
import { createProvider } from '../activities/agent/providers.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { createHeartbeatWorker } from './worker.js';

let runtimeInstalled = false;

/** Connects to Temporal and runs the heartbeat worker until `stop()` is called. */
export async function startWorker(config: Config, db: Db, logger: Logger) {
  if (!runtimeInstalled) {
    // The SDK's own log lines (bundling, state changes) only from warnings up, unless debugging.
    Runtime.install({
      logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'),
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
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createHeartbeatWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({
      db,
      provider: createProvider(config.agent),
      creditMultipliers: config.agent.creditMultipliers,
    }),
    extra: {
      // A bounded cache: idle heartbeats beyond it are evicted and replay their short history when they wake.
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    },
  });
  const running = worker.run();
  logger.info({ taskQueue: config.temporal.taskQueue, provider: config.agent.provider }, 'worker running');
  return {
    running,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
