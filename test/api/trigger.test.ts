/**
 * A trigger answers within a bounded time and never reports an accepted run as not run; a flood is
 * turned away with 429s; what the workflow does is what the API shows.
 */
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { LocalProvider } from '../../activities/agent/local.js';
import type { ChatProvider } from '../../activities/agent/provider.js';
import { createApp } from '../../api/app.js';
import { createHeartbeatWorkers } from '../../worker/worker.js';
import { createTemporalGateway } from '../../api/temporal.js';
import { disableSignal, enableSignal, heartbeatWorkflowId } from '../../contract/workflow.js';
import { activityDefaults, appDefaults, caller, createStack, seedProject, type Stack } from '../helpers/stack.js';
import { uniqueId, workflowBundle } from '../helpers/temporal.js';

/** The local provider, taking `ms` per answer: runs that last long enough to queue behind each other. */
const slowProvider = (ms: number): ChatProvider => {
  const local = new LocalProvider();
  return { name: 'slow', chat: async (r) => (await new Promise((res) => setTimeout(res, ms)), local.chat(r)) };
};

let stack: Stack;
beforeAll(async () => {
  stack = await createStack({ provider: slowProvider(400) });
});
afterAll(async () => {
  await stack?.close();
});

async function eventually<T>(probe: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('trigger', () => {
  it('with no worker running, answers 202 with the run key by its deadline; the run is logged once a worker comes', async () => {
    const taskQueue = uniqueId('no-worker');
    const app = createApp({
      db: stack.db,
      temporal: createTemporalGateway(stack.client, taskQueue),
      ...appDefaults,
      triggerWaitMs: 1_500,
    });
    const s = await seedProject(stack.db, 'pro');
    const api = caller(app, s.key);
    const hb = (
      await api.post('/v1/bot/heartbeat/configure', { project_id: s.projectId, bot_id: s.botId, prompt: 'Later' })
    ).body.heartbeat;
    const started = Date.now();
    const res = await api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: hb.uuid });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: true, status: 'running' });
    expect(res.body.run_key).toMatch(new RegExp(`^${hb.uuid}:manual:`));

    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const workers = await createHeartbeatWorkers({
      connection,
      namespace: 'default',
      taskQueue,
      workflowBundle: workflowBundle(),
      cachedOften: 100,
      activities: createActivities({
        db: stack.db,
        provider: new LocalProvider(),
        creditMultipliers: {},
        ...activityDefaults,
      }),
    });
    const running = workers.run();
    const logged = await eventually(
      () => api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, run_key: res.body.run_key }),
      (r) => r.body.total === 1,
    );
    workers.shutdown();
    await running;
    await connection.close();
    expect(logged.body.logs).toHaveLength(1);
    expect(logged.body.logs[0]).toMatchObject({ run_key: res.body.run_key, type: 'manual', status: 'success' });
  });

  it('a flood of triggers on one heartbeat is turned away with 429 and Retry-After, never a 5xx; each accepted one runs once', async () => {
    const s = await seedProject(stack.db, 'pro');
    const api = caller(stack.app, s.key);
    const hb = (
      await api.post('/v1/bot/heartbeat/configure', { project_id: s.projectId, bot_id: s.botId, prompt: 'Flood' })
    ).body.heartbeat;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: hb.uuid }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((c) => c >= 500)).toEqual([]);
    expect(statuses.every((c) => c === 200 || c === 202 || c === 429)).toBe(true);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.body.error.code).toBe('trigger_busy');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const accepted = answers.filter((a) => a.status !== 429).length;
    const rows = await eventually(
      () => stack.db.selectFrom('heartbeat_runs').select('run_key').where('heartbeat_id', '=', hb.uuid).execute(),
      (r) => r.length >= accepted,
    );
    expect(rows).toHaveLength(accepted);
  });

  it('the same Idempotency-Key is the same run: a retry replays its result', async () => {
    const s = await seedProject(stack.db, 'pro');
    const api = caller(stack.app, s.key);
    const hb = (
      await api.post('/v1/bot/heartbeat/configure', { project_id: s.projectId, bot_id: s.botId, prompt: 'Once' })
    ).body.heartbeat;
    const ref = { project_id: s.projectId, heartbeat_id: hb.uuid };
    const first = await api.post('/v1/bot/heartbeat/trigger', ref, { 'idempotency-key': 'nightly-1' });
    const again = await api.post('/v1/bot/heartbeat/trigger', ref, { 'idempotency-key': 'nightly-1' });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const rows = await stack.db.selectFrom('heartbeat_runs').select('id').where('heartbeat_id', '=', hb.uuid).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('one truth', () => {
  it('a disable or enable sent to the workflow directly (Temporal Web UI, CLI) is what the API shows', async () => {
    const s = await seedProject(stack.db, 'pro');
    const api = caller(stack.app, s.key);
    const hb = (
      await api.post('/v1/bot/heartbeat/configure', {
        project_id: s.projectId,
        bot_id: s.botId,
        prompt: 'UI',
        enabled: true,
      })
    ).body.heartbeat;
    const read = () => api.get('/v1/bot/heartbeat/read', { project_id: s.projectId, heartbeat_id: hb.uuid });
    const handle = stack.client.workflow.getHandle(heartbeatWorkflowId(hb.uuid));

    await handle.signal(disableSignal);
    const off = await eventually(read, (r) => r.body.heartbeat.enabled === false);
    expect(off.body.heartbeat).toMatchObject({ enabled: false, state: 'disabled', next_run_at: null });

    await handle.signal(enableSignal);
    const on = await eventually(read, (r) => r.body.heartbeat.enabled === true);
    expect(on.body.heartbeat).toMatchObject({ enabled: true, state: 'active' });
    expect(Date.parse(on.body.heartbeat.next_run_at)).toBeGreaterThan(Date.now());

    // Enabling through the API afterwards still works: the API's change is a newer version.
    await api.post('/v1/bot/heartbeat/disable', { project_id: s.projectId, heartbeat_id: hb.uuid });
    expect((await read()).body.heartbeat.enabled).toBe(false);
    await api.post('/v1/bot/heartbeat/enable', { project_id: s.projectId, heartbeat_id: hb.uuid });
    expect((await eventually(read, (r) => r.body.heartbeat.enabled === true)).body.heartbeat.enabled).toBe(true);
  });
});
