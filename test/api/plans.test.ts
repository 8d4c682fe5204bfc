/**
 * A plan change reaches heartbeats that already run: a downgrade pauses or slows them (with the
 * reason on the heartbeat) and their workflows follow; enabling again is checked against the
 * plan as it is now.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileHeartbeats } from '../../api/reconciler.js';
import { changePlan, changeProjectPlan } from '../../api/services/plans.js';
import type { Plan } from '../../db/database.js';
import { saveRuntimeStatus } from '../../db/queries/heartbeat-status.js';
import { insertPlan } from '../../db/queries/plans.js';
import { appDefaults, caller, createStack, seedProject, workflowState, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack?.close();
});

const planWith = (changes: Partial<Plan>) =>
  insertPlan(stack.db, {
    id: `plan-${randomUUID()}`,
    heartbeat_enabled: true,
    max_heartbeats_per_bot: 10,
    min_interval_minutes: 5,
    rate_limit_per_minute: 1000,
    max_bots: 5,
    max_members: 5,
    max_tools_per_bot: 3,
    ...changes,
  });

/** A project on a plan of its own with three enabled heartbeats: every 5 minutes, a five-minute cron, hourly. */
async function projectWithHeartbeats() {
  const s = await seedProject(stack.db, 'pro');
  await changeProjectPlan(stack.db, s.projectId, await planWith({}));
  const api = caller(stack.app, s.key);
  const ids: string[] = [];
  for (const cadence of [{ interval_minutes: 5 }, { cron_pattern: '*/5 * * * *' }, { interval_minutes: 60 }]) {
    const res = await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'Check',
      enabled: true,
      ...cadence,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(res.body.heartbeat.uuid);
  }
  return { s, api, ids };
}

/** What the API's reconciler does every few seconds: send each changed row to its workflow. */
const reconcile = () => reconcileHeartbeats({ db: stack.db, temporal: stack.temporal, log: appDefaults.log });

describe('a plan downgrade', () => {
  it('slows, pauses and caps the heartbeats already running, and their workflows follow', async () => {
    const { s, api, ids } = await projectWithHeartbeats();
    const [fast, cron, hourly] = ids as [string, string, string];
    const smaller = await planWith({ min_interval_minutes: 15, max_heartbeats_per_bot: 1 });
    const changed = await changeProjectPlan(stack.db, s.projectId, smaller);
    expect(changed!.paused_or_changed.map((h) => h.id).sort()).toEqual([...ids].sort());
    await reconcile();

    const read = async (id: string) =>
      (await api.get('/v1/bot/heartbeat/read', { project_id: s.projectId, heartbeat_id: id })).body.heartbeat;
    expect(await read(fast)).toMatchObject({ enabled: true, interval_minutes: 15 });
    expect(await read(cron)).toMatchObject({ enabled: false, paused_reason: expect.stringContaining('cron_pattern') });
    expect(await read(hourly)).toMatchObject({
      enabled: false,
      paused_reason: expect.stringContaining('1 enabled heartbeats per bot'),
    });
    await expect.poll(async () => (await workflowState(stack, cron))?.enabled).toBe(false);
    await expect.poll(async () => (await workflowState(stack, hourly))?.enabled).toBe(false);
    const running = await workflowState(stack, fast);
    expect(running).toMatchObject({ enabled: true });
    expect(running!.version).toBe((await read(fast)).version);

    // Enabling again is checked against the plan as it is now.
    const enable = (id: string) => api.post('/v1/bot/heartbeat/enable', { project_id: s.projectId, heartbeat_id: id });
    expect((await enable(cron)).body.error.code).toBe('interval_below_plan_minimum');
    expect((await enable(hourly)).body.error.code).toBe('heartbeat_limit_reached');
  });

  it('to a plan without heartbeats pauses every heartbeat of every project on it', async () => {
    const { s, api, ids } = await projectWithHeartbeats();
    const plan = (await stack.db
      .selectFrom('projects')
      .select('plan_id')
      .where('id', '=', s.projectId)
      .executeTakeFirstOrThrow())!.plan_id;
    const changed = await changePlan(stack.db, plan, { heartbeat_enabled: false });
    expect(changed!.paused_or_changed).toHaveLength(3);
    await reconcile();
    for (const id of ids) await expect.poll(async () => (await workflowState(stack, id))?.enabled).toBe(false);
    // The workflow writes back what it knows (stopped, no reason of its own): the reason stays.
    for (const id of ids) {
      const view = (await workflowState(stack, id))!;
      await saveRuntimeStatus(stack.db, { ...view, heartbeat_id: id, auto_paused: false });
      const read = await api.get('/v1/bot/heartbeat/read', { project_id: s.projectId, heartbeat_id: id });
      expect(read.body.heartbeat).toMatchObject({
        enabled: false,
        paused_reason: expect.stringContaining('does not include heartbeats'),
      });
    }
  });
});
