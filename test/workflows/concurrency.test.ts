/**
 * A worker on the default settings runs as many slow scheduled runs at once as it takes runs: each
 * is a local activity whose workflow task keeps its slot until the run ends.
 */
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { newWorkflowInput } from '../../contract/workflow.js';
import { heartbeatWorkflow } from '../../workflows/index.js';
import { concurrencyOf } from '../../worker/worker.js';
import { heartbeatConfig } from '../helpers/config.js';
import { fakeActivities, success } from '../helpers/fake-activities.js';
import { uniqueId, workflowBundle } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const MINUTE = 60_000;
const HEARTBEATS = 80;

const suite = timeSkippingSuite();

describe('runs in flight', () => {
  it(`${HEARTBEATS} heartbeats due at one instant, each run waiting on its model: all ${HEARTBEATS} are in flight at once`, async () => {
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const fake = fakeActivities({
      agent: async () => {
        most = Math.max(most, ++inFlight);
        if (most >= HEARTBEATS) release();
        await released;
        inFlight--;
        return success();
      },
    });
    const anchor = new Date(await suite.env.currentTimeMs()).toISOString();
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({
      connection: suite.env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: fake.activities,
      ...concurrencyOf(loadConfig({}).worker),
    });
    await worker.runUntil(async () => {
      for (let i = 0; i < HEARTBEATS; i++) {
        const config = heartbeatConfig(anchor, { heartbeat_id: uniqueId(), interval_minutes: 10 });
        suite.started.push(
          await suite.env.client.workflow.start(heartbeatWorkflow, {
            taskQueue,
            workflowId: `heartbeat-${config.heartbeat_id}`,
            // Timers, not held runs: a held run sleeps on the real clock, which time skipping does not move.
            args: [{ ...newWorkflowInput(config), runsWaitInWorker: false }],
          }),
        );
      }
      const sleeping = suite.env.sleep(10 * MINUTE + 1000);
      // Held until every run is in flight, or for 20 s: a worker with fewer slots stays below.
      await Promise.race([released, new Promise((r) => setTimeout(r, 20_000))]);
      release();
      await sleeping;
    });
    expect(most).toBe(HEARTBEATS);
    expect(fake.runs()).toHaveLength(HEARTBEATS);
  }, 120_000);
});
