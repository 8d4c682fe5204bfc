/**
 * Heartbeats that wake often run on the task queue whose worker keeps them cached; the rest on the
 * sparse queue. A configuration that changes which one a heartbeat belongs on moves it there at its
 * continue-as-new, and its schedule goes on.
 */
import { describe, expect, it } from 'vitest';
import { configureSignal, newWorkflowInput, taskQueuesOf } from '../../contract/workflow.js';
import { heartbeatWorkflow } from '../../workflows/index.js';
import { createHeartbeatWorkers } from '../../worker/worker.js';
import { heartbeatConfig } from '../helpers/config.js';
import { fakeActivities } from '../helpers/fake-activities.js';
import { uniqueId, workflowBundle } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const MINUTE = 60_000;
const suite = timeSkippingSuite();

describe('task queues by how often a heartbeat wakes', () => {
  it('an hourly heartbeat made one-minute moves to the cached queue, and back when made hourly again', async () => {
    const fake = fakeActivities();
    const base = uniqueId('tq');
    const queues = taskQueuesOf(base);
    const workers = await createHeartbeatWorkers({
      connection: suite.env.nativeConnection,
      namespace: 'default',
      taskQueue: base,
      workflowBundle: workflowBundle(),
      cachedOften: 100,
      activities: fake.activities,
    });
    const running = workers.run();
    try {
      const config = heartbeatConfig(new Date(await suite.env.currentTimeMs()).toISOString(), {
        heartbeat_id: uniqueId(),
        interval_minutes: 60,
      });
      const handle = await suite.env.client.workflow.start(heartbeatWorkflow, {
        taskQueue: queues.sparse,
        workflowId: `heartbeat-${config.heartbeat_id}`,
        args: [newWorkflowInput(config, queues)],
      });
      suite.started.push(handle);
      const queueNow = async () => (await handle.describe()).taskQueue;
      expect(await queueNow()).toBe(queues.sparse);

      await handle.signal(configureSignal, { ...config, interval_minutes: 1, version: 2 });
      await suite.env.sleep(3 * MINUTE + 30_000);
      expect(await queueNow()).toBe(queues.often);
      const fastRuns = fake.runs().length;
      expect(fastRuns).toBeGreaterThanOrEqual(3);

      await handle.signal(configureSignal, { ...config, interval_minutes: 60, version: 3 });
      await suite.env.sleep(MINUTE);
      expect(await queueNow()).toBe(queues.sparse);
      await suite.env.sleep(60 * MINUTE);
      expect(fake.runs().length).toBe(fastRuns + 1);
    } finally {
      workers.shutdown();
      await running;
    }
  }, 120_000);
});
