import { createRequire } from 'node:module';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';

const require = createRequire(import.meta.url);

/**
 * The one workflowsPath: the source module, bundled by the SDK (never a build output folder).
 * Resolved when asked: a compiled worker receives its bundle ready-made and never needs it.
 */
export const workflowsPath = () => require.resolve('../workflows/index.ts');

/**
 * How the workflow bundle is built, everywhere (worker, tests, replay). The worker evaluates a
 * bundled module once per cached workflow unless it is preloaded into the context the workflows
 * share; these libraries are pure (their caches are deterministic functions of their inputs), so
 * they are loaded once: without it each cached heartbeat carried its own copy of luxon.
 */
export const PRELOAD_MODULES = ['luxon', 'croner', 'cronstrue', 'async-mutex'];
export const bundleOptions = () => ({ workflowsPath: workflowsPath(), preloadModules: PRELOAD_MODULES });

export interface HeartbeatWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A prebuilt bundle (tests build it once per run); otherwise the SDK bundles workflowsPath. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  extra?: Partial<WorkerOptions>;
}

export function createHeartbeatWorker(opts: HeartbeatWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath: workflowsPath(), bundlerOptions: { preloadModules: PRELOAD_MODULES } }),
    ...opts.extra,
  });
}
