/** The workflowsPath and the bundle options every worker, test and replay use. */
import { createRequire } from 'node:module';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import { taskQueuesOf } from '../contract/workflow.js';

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
 * runs may be in flight, or slow runs would wait for slots while the worker idles. A run the
 * worker holds until it is due takes an activity slot while it waits; once due, it starts when one
 * of `maxConcurrentActivities` run slots is free (activities/waiting-run.ts).
 */
export function concurrencyOf(worker: {
  maxConcurrentActivities: number;
  maxWaitingRuns: number;
  maxConcurrentWorkflowTasks: number;
}) {
  return {
    maxConcurrentActivityTaskExecutions: worker.maxConcurrentActivities + worker.maxWaitingRuns,
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

/**
 * How many sparse heartbeats (those that wake less often than every OFTEN_MINUTES) a worker keeps
 * cached: enough for the messages that follow each other on one heartbeat (a configure, then a
 * trigger), while thousands of hourly heartbeats hold no memory between their runs.
 */
export const SPARSE_CACHED_WORKFLOWS = 100;

/** A worker process's workers: one per task queue of the deployment (taskQueuesOf). */
export interface HeartbeatWorkers {
  run(): Promise<void>;
  shutdown(): void;
  /** Every worker polls. */
  running(): boolean;
}

/**
 * The workers of one process, sharing its connection, bundle and activities: the often queue's,
 * whose cache holds `cachedOften` heartbeats, and the sparse queue's, with a small cache.
 */
export async function createHeartbeatWorkers(
  opts: HeartbeatWorkerOptions & { cachedOften: number },
): Promise<HeartbeatWorkers> {
  const queues = taskQueuesOf(opts.taskQueue);
  const withCache = (taskQueue: string, maxCachedWorkflows: number) =>
    createHeartbeatWorker({ ...opts, taskQueue, extra: { ...opts.extra, maxCachedWorkflows } });
  const workers = await Promise.all([
    withCache(queues.often, opts.cachedOften),
    withCache(queues.sparse, Math.min(SPARSE_CACHED_WORKFLOWS, opts.cachedOften)),
  ]);
  return {
    run: () => Promise.all(workers.map((w) => w.run())).then(() => undefined),
    shutdown: () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    },
    running: () => workers.every((w) => w.getState() === 'RUNNING'),
  };
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
