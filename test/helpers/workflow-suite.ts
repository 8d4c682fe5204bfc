/** A test file's time-skipping server, and heartbeat workflows run on it with fake activities. */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { newWorkflowInput } from '../../contract/workflow.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { heartbeatWorkflow } from '../../workflows/index.js';
import type { fakeActivities } from './fake-activities.js';
import { createTimeSkippingEnv, uniqueId, workflowBundle } from './temporal.js';

/** One environment per file; each test's workflows are terminated after it. */
export function timeSkippingSuite() {
  let env: TestWorkflowEnvironment;
  // A workflow left running with no worker holds the test server's clock still for every later test.
  const started: Array<{ terminate(): Promise<unknown> }> = [];
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  afterEach(async () => {
    for (const handle of started.splice(0)) await handle.terminate().catch(() => undefined);
  });
  return {
    get env() {
      return env;
    },
    /** Handles of workflows a test started itself, terminated after it like the suite's own. */
    started,
    /** Starts the heartbeat's workflow on a fresh worker serving `fake`, and runs `body` while it runs. */
    async run<T>(
      fake: ReturnType<typeof fakeActivities>,
      config: HeartbeatConfig,
      body: (handle: WorkflowHandle<typeof heartbeatWorkflow>) => Promise<T>,
    ): Promise<T> {
      return this.runAll(fake, [config], ([handle]) => body(handle!));
    },
    /** The same for several heartbeats on one worker. */
    async runAll<T>(
      fake: ReturnType<typeof fakeActivities>,
      configs: HeartbeatConfig[],
      body: (handles: Array<WorkflowHandle<typeof heartbeatWorkflow>>) => Promise<T>,
    ): Promise<T> {
      const taskQueue = uniqueId('tq');
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: workflowBundle(),
        activities: fake.activities,
      });
      return worker.runUntil(async () => {
        const handles = [];
        for (const config of configs) {
          const handle = await env.client.workflow.start(heartbeatWorkflow, {
            taskQueue,
            workflowId: `heartbeat-${config.heartbeat_id}`,
            // Timers, not held runs: a held run sleeps on the real clock, which time skipping does not move.
            args: [{ ...newWorkflowInput(config), runsWaitInWorker: false }],
          });
          started.push(handle);
          handles.push(handle);
        }
        return body(handles);
      });
    },
  };
}
