/**
 * The stall alarm over the real stack: a workflow terminated from the Temporal side, a heartbeat
 * no worker runs, and one whose run is merely long; `stalled` on the API, one alert, a metric.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertSender } from '../../api/alert-sender.js';
import { createApp } from '../../api/app.js';
import { watchForStalls, type StallDeps } from '../../api/stalls.js';
import { createTemporalGateway } from '../../api/temporal.js';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { startWebhookCounter } from '../../dev/peers.js';
import { createMetrics } from '../../telemetry/metrics.js';
import { activityDefaults, appDefaults, caller, stackSuite, testSecrets } from '../helpers/stack.js';
import { gatedProvider } from '../helpers/gated-provider.js';
import { uniqueId } from '../helpers/temporal.js';

const model = gatedProvider();

const s = stackSuite({ provider: model.provider });
let webhooks: Awaited<ReturnType<typeof startWebhookCounter>>;
beforeAll(async () => {
  webhooks = await startWebhookCounter();
  const bot = await s.api.put('/v1/bot/update', {
    project_id: s.seed.projectId,
    bot_id: s.seed.botId,
    webhook_url: webhooks.url,
    alert_events: ['heartbeat.stalled'],
  });
  webhooks.setSecret(bot.body.webhook_secret);
});
afterAll(async () => {
  await webhooks?.close();
});

/** The reconciler's stall watch, on the test's stack, at `now`. */
function watcher(now: () => Date = () => new Date()) {
  const metrics = createMetrics('api');
  const alerts = createAlertSender({
    db: s.stack.db,
    fetch: activityDefaults.fetch,
    secrets: testSecrets,
    metrics,
    log: () => undefined,
  });
  const deps: StallDeps = { db: s.stack.db, temporal: s.stack.temporal, log: () => undefined, now, metrics, alerts };
  // Every stall this watcher found, this test's or another's in the shared database.
  let found = 0;
  const look = async () => {
    const pass = await watchForStalls(deps, new Date(Date.now() - 5 * 60_000));
    found += pass.found;
    return pass;
  };
  return { deps, metrics, alerts, look, found: () => found };
}

async function until<T>(probe: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (accept(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const read = (api: ReturnType<typeof caller>, id: string) =>
  api.get('/v1/bot/heartbeat/read', { project_id: s.seed.projectId, heartbeat_id: id }).then((r) => r.body.heartbeat);

const create = (api: ReturnType<typeof caller>, body: Record<string, unknown>) =>
  api
    .post('/v1/bot/heartbeat/configure', { project_id: s.seed.projectId, bot_id: s.seed.botId, enabled: true, ...body })
    .then((r) => r.body.heartbeat.uuid as string);

const stallAlerts = (id: string) =>
  s.stack.db
    .selectFrom('alerts')
    .selectAll()
    .where('heartbeat_id', '=', id)
    .where('event', '=', 'heartbeat.stalled')
    .execute();

describe('the stall alarm', () => {
  it('a workflow terminated from the Temporal side: stalled at once, one alert delivered, counted once', async () => {
    const id = await create(s.api, { prompt: 'Daily', interval_minutes: 1440 });
    await s.stack.client.workflow.getHandle(heartbeatWorkflowId(id)).terminate('ended by an operator');
    const w = watcher();
    // Visibility shows the ended workflow within moments; its next run is a day away.
    const stalled = await until(
      async () => (await w.look(), read(s.api, id)),
      (h) => h.state === 'stalled',
    );
    expect(stalled).toMatchObject({ state: 'stalled', enabled: true });
    expect(stalled.stall_reason).toMatch(/^its workflow was terminated at /);
    for (let i = 0; i < 3; i++) await w.look();
    const delivered = await until(
      async () => webhooks.received.filter((r) => r.id.startsWith(`${id}:`)),
      (d) => d.length >= 1,
    );
    await w.alerts.stop();
    expect(await stallAlerts(id)).toHaveLength(1);
    expect(webhooks.received.filter((r) => r.id.startsWith(`${id}:`))).toEqual([
      { id: `${id}:1:${stalled.next_run_at}:heartbeat.stalled`, valid: true },
    ]);
    expect(delivered[0]!.valid).toBe(true);
    // The counter counts each stall the watch found once; this heartbeat's once (one alert above),
    // others' in the shared database as the passes found them.
    expect((await w.metrics.stalls.get()).values[0]!.value).toBe(w.found());
    expect((await w.metrics.stalled.get()).values[0]!.value).toBeGreaterThanOrEqual(1);

    // Enabling it again starts its workflow again: no longer stalled.
    const enabled = await s.api.post('/v1/bot/heartbeat/enable', { project_id: s.seed.projectId, heartbeat_id: id });
    expect(enabled.body.heartbeat).toMatchObject({ state: 'active', stalled_at: null, stall_reason: null });
    const running = await s.stack.client.workflow.getHandle(heartbeatWorkflowId(id)).describe();
    expect(running.status.name).toBe('RUNNING');
  });

  it('no worker runs it: stalled once its next run is more than two intervals overdue, not before', async () => {
    // An API whose workflows go to a task queue no worker polls.
    const app = createApp({
      db: s.stack.db,
      temporal: createTemporalGateway(s.stack.client, uniqueId('no-worker')),
      ...appDefaults,
    });
    const api = caller(app, s.seed.key);
    const id = await create(api, { prompt: 'Every five', interval_minutes: 5 });
    const due = Date.parse((await read(api, id)).next_run_at);
    try {
      await watcher(() => new Date(due + 9 * 60_000)).look();
      expect((await read(api, id)).state).not.toBe('stalled');
      await watcher(() => new Date(due + 11 * 60_000)).look();
      const stalled = await read(api, id);
      expect(stalled.state).toBe('stalled');
      expect(stalled.stall_reason).toContain('no worker is running it');
    } finally {
      await s.stack.client.workflow.getHandle(heartbeatWorkflowId(id)).terminate();
    }
  });

  it('a run that is merely long is not a stall', async () => {
    const id = await create(s.api, { prompt: 'Slow', interval_minutes: 5 });
    const due = Date.parse((await read(s.api, id)).next_run_at);
    const release = model.hold();
    const before = model.calls();
    const trigger = s.api.post('/v1/bot/heartbeat/trigger', { project_id: s.seed.projectId, heartbeat_id: id });
    try {
      await until(
        async () => model.calls(),
        (n) => n > before,
      );
      await watcher(() => new Date(due + 11 * 60_000)).look();
      expect((await read(s.api, id)).state).not.toBe('stalled');
    } finally {
      release();
    }
    expect((await trigger).status).toBe(200);
  });
});
