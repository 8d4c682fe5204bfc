/**
 * A scheduled run due within about a minute is held by the worker and started on its own clock
 * (activities/waiting-run.ts). Whatever comes while it waits (a disable, a new configuration, a
 * trigger) withdraws it first: nothing runs that the user stopped, a trigger does not wait for the
 * held run's time, and no occurrence runs twice.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeProjectPlan } from '../../api/services/plans.js';
import { insertPlan } from '../../db/queries/plans.js';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { caller, createStack, seedProject, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack?.close();
});

async function eventually<T>(probe: () => Promise<T>, accept: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The runs the workflow has handed to the worker to hold (pending `runWhenDue` activities). */
async function heldRuns(heartbeatId: string): Promise<number> {
  const described = await stack.client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).describe();
  return (described.raw.pendingActivities ?? []).filter((a) => a.activityType?.name === 'runWhenDue').length;
}

interface LogRow {
  run_key: string;
  type: string;
  status: string;
  prompt: string;
  scheduled_for: string | null;
  started_at: string | null;
}

describe('runs held by the worker', () => {
  it('start on time; a disable, a new configuration or a trigger while one waits withdraws it, and nothing runs twice', async () => {
    const s = await seedProject(stack.db, 'pro');
    const plan = await insertPlan(stack.db, {
      id: `every-minute-${randomUUID()}`,
      heartbeat_enabled: true,
      max_heartbeats_per_bot: 10,
      min_interval_minutes: 1,
      rate_limit_per_minute: 600,
      max_bots: 5,
      max_members: 5,
      max_tools_per_bot: 1,
    });
    await changeProjectPlan(stack.db, s.projectId, plan);
    const api = caller(stack.app, s.key);
    const create = async (prompt: string) =>
      (
        await api.post('/v1/bot/heartbeat/configure', {
          project_id: s.projectId,
          bot_id: s.botId,
          prompt,
          interval_minutes: 1,
          enabled: true,
        })
      ).body.heartbeat as { uuid: string; next_run_at: string };
    const plain = await create('Left alone');
    const disabled = await create('Disabled while held');
    const configured = await create('Configured while held');
    const triggered = await create('Triggered while held');
    const all = [plain, disabled, configured, triggered];
    // Each heartbeat's first run is due within the minute: the worker holds it at once.
    for (const hb of all)
      expect(
        await eventually(
          () => heldRuns(hb.uuid),
          (n) => n === 1,
          15_000,
        ),
      ).toBe(1);

    const id = (hb: { uuid: string }) => ({ project_id: s.projectId, heartbeat_id: hb.uuid });
    expect((await api.post('/v1/bot/heartbeat/disable', id(disabled))).status).toBe(200);
    const reconfigured = await api.post('/v1/bot/heartbeat/configure', {
      ...id(configured),
      bot_id: s.botId,
      prompt: 'Second thoughts',
      interval_minutes: 2,
    });
    expect(reconfigured.status, JSON.stringify(reconfigured.body)).toBe(200);
    const asked = Date.now();
    const trigger = await api.post('/v1/bot/heartbeat/trigger', id(triggered));
    // Answered by its own run, not after the held one's time (up to a minute away).
    expect(trigger.status).toBe(200);
    expect(trigger.body).toMatchObject({ result: { status: 'success' } });
    expect(Date.now() - asked).toBeLessThan(Date.parse(triggered.next_run_at) - asked);

    const logsOf = async (hb: { uuid: string }) =>
      (await api.get('/v1/bot/heartbeat/logs', { ...id(hb), limit: 50 })).body.logs as LogRow[];
    const due = Math.max(...all.map((hb) => Date.parse(hb.next_run_at)));
    const plainRuns = await eventually(
      () => logsOf(plain),
      (rows) => rows.length >= 1,
      due - Date.now() + 30_000,
    );
    const triggeredRuns = await eventually(
      () => logsOf(triggered),
      (rows) => rows.some((r) => r.type === 'heartbeat'),
      due - Date.now() + 30_000,
    );
    // Until a few seconds past every first due time, so a withdrawn run would have shown by now.
    await new Promise((r) => setTimeout(r, Math.max(0, due + 5_000 - Date.now())));

    const [first] = plainRuns;
    expect(first).toMatchObject({ type: 'heartbeat', status: 'success', scheduled_for: plain.next_run_at });
    expect(Date.parse(first!.started_at!) - Date.parse(first!.scheduled_for!)).toBeLessThan(5_000);

    expect(await logsOf(disabled)).toEqual([]);
    // The old configuration's run never started; the new one plans afresh (two minutes on).
    expect((await logsOf(configured)).filter((r) => r.prompt === 'Configured while held')).toEqual([]);

    const scheduled = (await logsOf(triggered)).filter((r) => r.type === 'heartbeat');
    expect(triggeredRuns.filter((r) => r.type === 'manual')).toHaveLength(1);
    expect(scheduled.map((r) => r.scheduled_for)).toEqual([triggered.next_run_at]);

    // Claims went with their runs, withdrawals once their runs woke and read them.
    const left = await eventually(
      () =>
        stack.db
          .selectFrom('run_claims')
          .select('run_key')
          .where((eb) => eb.or(all.map((hb) => eb('run_key', 'like', `${hb.uuid}:%`))))
          .execute(),
      (rows) => rows.length === 0,
      10_000,
    );
    expect(left).toEqual([]);
    for (const hb of all) await api.post('/v1/bot/heartbeat/delete', id(hb));
  }, 150_000);
});
