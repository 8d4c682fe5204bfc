/**
 * Manual triggers beside the schedule: they stay out of the schedule's error streak, and a
 * continue-as-new never abandons one.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { configureSignal, stateQuery, triggerUpdate } from '../../contract/workflow.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { failedOutcome, heartbeatConfig } from '../helpers/config.js';
import { fakeActivities, success } from '../helpers/fake-activities.js';
import { uniqueId } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const MINUTE = 60_000;

const suite = timeSkippingSuite();

const failure = failedOutcome();

const config = async (overrides: Partial<HeartbeatConfig> = {}) =>
  heartbeatConfig(new Date(await suite.env.currentTimeMs()).toISOString(), {
    heartbeat_id: uniqueId(),
    max_consecutive_errors: 2,
    ...overrides,
  });

describe('manual triggers and the error streak', () => {
  it('failed triggers never pause the schedule, and a good one does not clear its errors', async () => {
    // Scheduled runs fail; triggers fail too, except the one marked good.
    let goodTrigger = false;
    const fake = fakeActivities({
      agent: (input) => (input.run_key.includes(':manual:') && goodTrigger ? success() : failure),
    });
    const c = await config();
    await suite.run(fake, c, async (handle) => {
      for (const id of ['t-1', 't-2', 't-3']) await handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: id }] });
      let view = await handle.query(stateQuery);
      expect(view).toMatchObject({ state: 'active', consecutive_errors: 0 });

      await suite.env.sleep(61 * MINUTE); // the first scheduled run fails: 1 in a row
      expect((await handle.query(stateQuery)).consecutive_errors).toBe(1);
      goodTrigger = true;
      await handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: 't-good' }] });
      expect((await handle.query(stateQuery)).consecutive_errors).toBe(1);

      await suite.env.sleep(60 * MINUTE); // the second scheduled failure in a row pauses it
      view = await handle.query(stateQuery);
      expect(view).toMatchObject({ state: 'auto_paused', consecutive_errors: 2 });
    });
    expect(fake.runs().filter((r) => r.type === 'manual')).toHaveLength(4);
  });
});

describe('continue-as-new beside a trigger', () => {
  it('a trigger accepted before a new configuration gets its run, and the schedule goes on', async () => {
    const fake = fakeActivities({
      agent: async () => {
        await new Promise((r) => setTimeout(r, 300));
        return success();
      },
    });
    const c = await config({ interval_minutes: 30 });
    await suite.run(fake, c, async (handle) => {
      const update = await handle.startUpdate(triggerUpdate, {
        args: [{ trigger_id: 't-race' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      await handle.signal(configureSignal, { ...c, prompt: 'Check the inbox again', version: 2 });
      expect((await update.result()).status).toBe('success');
      await suite.env.sleep(31 * MINUTE);
    });
    expect(fake.runs().map((r) => [r.type, r.prompt])).toEqual([
      ['manual', 'Check the inbox'],
      ['heartbeat', 'Check the inbox again'],
    ]);
  });
});
