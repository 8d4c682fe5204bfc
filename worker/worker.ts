/** The workflowsPath and the bundle options every worker, test and replay use. */
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
 * share: workflows/shared-modules.ts names the pure ones (the domain rules, luxon, croner,
 * cronstrue, async-mutex), so a cached heartbeat carries only its own state.
 */
export const preloadModules = () => [require.resolve('../workflows/shared-modules.ts')];
export const bundleOptions = () => ({ workflowsPath: workflowsPath(), preloadModules: preloadModules() });

/**
 * How much a worker takes on at once (config.ts). A scheduled run is a local activity inside its
 * workflow task, which keeps its slot until the run ends: there are as many workflow task slots as
 * runs may be in flight, or slow runs would wait for slots while the worker idles.
 */
export function concurrencyOf(worker: { maxConcurrentActivities: number; maxConcurrentWorkflowTasks: number }) {
  return {
    maxConcurrentActivityTaskExecutions: worker.maxConcurrentActivities,
    maxConcurrentLocalActivityExecutions: worker.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: worker.maxConcurrentWorkflowTasks,
  };
}

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
      : { workflowsPath: workflowsPath(), bundlerOptions: { preloadModules: preloadModules() } }),
    ...opts.extra,
  });
}
