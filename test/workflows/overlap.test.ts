/**
 * `overlap` in the workflow: a manual trigger that arrives while a scheduled run is in flight waits
 * for it (`queue`, the default) or is refused with the running run's key (`skip`).
 */
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { triggerUpdate } from '../../contract/workflow.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { heartbeatConfig } from '../helpers/config.js';
import { fakeActivities, success } from '../helpers/fake-activities.js';
import { uniqueId } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const MINUTE = 60_000;

const suite = timeSkippingSuite();

async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((r) => setTimeout(r, 20));
}

/**
 * A 10-minute heartbeat whose scheduled run holds until released; `body` gets the workflow once
 * that run is in flight.
 */
async function duringScheduledRun(
  overrides: Partial<HeartbeatConfig>,
  body: (handle: any, config: HeartbeatConfig) => Promise<void>,
) {
  let released = false;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r)).then(() => (released = true));
  /** Each manual run's key, and whether the scheduled run had finished when it began. */
  const manualStarts: Array<[string, boolean]> = [];
  const fake = fakeActivities({
    agent: async (input) => {
      if (input.run_key.includes(':manual:')) manualStarts.push([input.run_key.split(':manual:')[1]!, released]);
      else await held;
      return success();
    },
  });
  const config = heartbeatConfig(new Date(await suite.env.currentTimeMs()).toISOString(), {
    heartbeat_id: uniqueId(),
    interval_minutes: 10,
    ...overrides,
  });
  await suite.run(fake, config, async (handle) => {
    const sleeping = suite.env.sleep(10 * MINUTE + 1000);
    await until(() => fake.agentCalls.length === 1);
    try {
      await body(handle, config);
    } finally {
      release();
    }
    await sleeping;
    // Once the run is over, a trigger runs, whatever the policy.
    expect((await handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: 'after' }] })).status).toBe('success');
  });
  return { fake, manualStarts };
}

describe('overlap', () => {
  it('queue (the default): a trigger during a scheduled run waits for it, then runs', async () => {
    let trigger!: { result(): Promise<{ status: string }> };
    const { fake, manualStarts } = await duringScheduledRun({}, async (handle) => {
      // Accepted while the scheduled run is in flight…
      trigger = await handle.startUpdate(triggerUpdate, {
        args: [{ trigger_id: 'during' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
    });
    expect((await trigger.result()).status).toBe('success');
    // …and begun only once it had finished.
    expect(manualStarts).toEqual([
      ['during', true],
      ['after', true],
    ]);
    expect(fake.rows.map((r) => r.type)).toEqual(['heartbeat', 'manual', 'manual']);
  });

  it("skip: a trigger during a scheduled run is refused with that run's key, and nothing extra runs", async () => {
    const { fake } = await duringScheduledRun({ overlap: 'skip' }, async (handle, config) => {
      const refused = await handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: 'during' }] }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('RunInProgress');
      const due = new Date(Date.parse(config.anchor) + 10 * MINUTE).toISOString();
      expect(cause.details).toEqual([`${config.heartbeat_id}:${due}`]);
    });
    expect(fake.rows.map((r) => [r.type, r.run_key.split(':manual:')[1] ?? 'scheduled'])).toEqual([
      ['heartbeat', 'scheduled'],
      ['manual', 'after'],
    ]);
  });
});
