/**
 * Alerts reach the bot's webhook without anyone polling: a failed run, a heartbeat that paused
 * itself, a budget used up, occurrences missed. Signed like notifications, once per key, and
 * only for the events the bot subscribes to. Real PostgreSQL, Temporal and a scripted provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { createActivities } from '../../activities/index.js';
import type { ExecuteRunInput } from '../../contract/activities.js';
import { runKeys } from '../../contract/runs.js';
import { toWorkflowConfig } from '../../api/mappers.js';
import { eventually, settledIntoSleep } from '../helpers/agent.js';
import { startScriptedOpenAI, startWebhookReceiver } from '../helpers/loopback.js';
import { activityDefaults, caller, createStack, seedProject, type Stack } from '../helpers/stack.js';

let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let stack: Stack;
let provider: OpenAIProvider;
let webhookSecret = '';

beforeAll(async () => {
  openai = await startScriptedOpenAI([]);
  webhook = await startWebhookReceiver(() => webhookSecret);
  provider = new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 1500 });
  stack = await createStack({ provider });
});
afterAll(async () => {
  await stack?.close();
  await Promise.all([openai?.close(), webhook?.close()]);
});

/** A project whose bot sends `events` to the receiver, and a heartbeat of it. */
async function subscribed(events: string[], heartbeat: Record<string, unknown> = {}) {
  const s = await seedProject(stack.db, 'pro');
  const api = caller(stack.app, s.key);
  const bot = await api.put('/v1/bot/update', {
    project_id: s.projectId,
    bot_id: s.botId,
    webhook_url: webhook.url,
    alert_events: events,
  });
  expect(bot.status).toBe(200);
  expect(bot.body.bot.alert_events).toEqual(events);
  webhookSecret = bot.body.webhook_secret;
  const hb = await api.post('/v1/bot/heartbeat/configure', {
    project_id: s.projectId,
    bot_id: s.botId,
    prompt: 'Check the queue',
    ...heartbeat,
  });
  expect(hb.status).toBe(200);
  const id: string = hb.body.heartbeat.uuid;
  const trigger = () => api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: id });
  const alertsOf = () => webhook.received.filter((r) => r.body.heartbeat_id === id);
  return { s, api, id, trigger, alertsOf };
}

describe('alerts', () => {
  it('a failed scheduled run and the pause after errors in a row reach the webhook, signed, once each', async () => {
    const { s, api, id, alertsOf } = await subscribed(['run.failed', 'heartbeat.auto_paused'], {
      enabled: true,
      max_consecutive_errors: 2,
    });
    // The heartbeat's own workflow has written its status (and sleeps for the next half hour), so
    // nothing it writes comes after the runs below.
    await eventually(
      () => settledIntoSleep(stack, id),
      (written) => written,
    );
    // Two scheduled runs in a row, as the workflow runs them: its streak goes from one to the next.
    const activities = createActivities({ db: stack.db, provider, creditMultipliers: {}, ...activityDefaults });
    const row = await stack.db.selectFrom('heartbeats').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const config = toWorkflowConfig(row);
    let streak = { enabled: true, auto_paused: false, consecutive_errors: 0, paused_reason: null as string | null };
    openai.script.push({ status: 401, message: 'bad key' }, { status: 401, message: 'bad key' });
    for (const due of ['2026-03-01T08:00:00.000Z', '2026-03-01T09:00:00.000Z']) {
      const result = await activities.executeRun({
        run_key: runKeys.scheduled(id, due),
        type: 'heartbeat',
        scheduled_for: due,
        config,
        streak,
        budget_row_written_for: null,
        next_run_at: null,
      });
      expect(result.status).toBe('error');
      for (const alertId of result.alert_ids ?? []) await activities.deliverAlert({ alert_id: alertId });
      const saved = result.saved_status;
      streak = {
        enabled: saved.enabled,
        auto_paused: saved.auto_paused,
        consecutive_errors: saved.consecutive_errors,
        paused_reason: saved.paused_reason,
      };
    }

    const alerts = alertsOf();
    expect(alerts.map((a) => a.body.type).sort()).toEqual(['heartbeat.auto_paused', 'run.failed', 'run.failed']);
    for (const a of alerts) {
      expect(a.signatureValid).toBe(true);
      expect(a.idempotencyKey).toBe(a.id);
      expect(a.body).toMatchObject({ project_id: s.projectId, bot_id: s.botId, heartbeat_id: id });
    }
    const failed = alerts.filter((a) => a.body.type === 'run.failed');
    expect(failed.map((a) => a.body.data.consecutive_errors).sort()).toEqual([1, 2]);
    expect(failed[0]!.body.data.error_message).toContain('401');
    const paused = alerts.find((a) => a.body.type === 'heartbeat.auto_paused')!;
    expect(paused.body.data).toMatchObject({ consecutive_errors: 2 });
    expect(paused.body.run_key).toBe(failed.find((a) => a.body.data.consecutive_errors === 2)!.body.run_key);

    const read = await api.get('/v1/bot/heartbeat/read', { project_id: s.projectId, heartbeat_id: id });
    expect(read.body.heartbeat.state).toBe('auto_paused');
    const stored = await stack.db.selectFrom('alerts').selectAll().where('heartbeat_id', '=', id).execute();
    expect(stored).toHaveLength(3);
    expect(stored.every((r) => r.delivery_status === 'delivered')).toBe(true);
  });

  it('a failed trigger is told, and never pauses the schedule', async () => {
    const { s, api, trigger, alertsOf, id } = await subscribed(['run.failed', 'heartbeat.auto_paused'], {
      enabled: true,
      max_consecutive_errors: 1,
    });
    openai.script.push({ status: 401, message: 'bad key' });
    expect((await trigger()).body.result?.status).toBe('error');
    const alerts = await eventually(alertsOf, (a) => a.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(alertsOf().map((a) => a.body.type)).toEqual(['run.failed']);
    expect(alerts[0]!.body.data).toMatchObject({ type: 'manual' });
    const read = await api.get('/v1/bot/heartbeat/read', { project_id: s.projectId, heartbeat_id: id });
    expect(read.body.heartbeat).toMatchObject({ state: 'active', enabled: true });
  });

  it('sends only the events the bot subscribes to', async () => {
    const { trigger, alertsOf, id } = await subscribed(['heartbeat.budget_exhausted']);
    openai.script.push({ status: 401, message: 'bad key' });
    expect((await trigger()).body.result?.status).toBe('error');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(alertsOf()).toEqual([]);
    const stored = await stack.db.selectFrom('alerts').select('id').where('heartbeat_id', '=', id).execute();
    expect(stored).toEqual([]);
  });

  it('a budget used up is told once per billing period, however many runs it turns away', async () => {
    const { trigger, alertsOf } = await subscribed(['heartbeat.budget_exhausted'], { credit_budget: 1 });
    openai.script.push({ answer: 'All clear.', tokens: [900, 300] });
    expect((await trigger()).body.result).toMatchObject({ status: 'success' });
    const turnedAway = [await trigger(), await trigger()];
    expect(turnedAway.map((r) => r.body.result?.reason)).toEqual(['budget_exhausted', 'budget_exhausted']);
    const alerts = await eventually(alertsOf, (a) => a.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(alertsOf()).toHaveLength(1);
    expect(alerts[0]!.body).toMatchObject({ type: 'heartbeat.budget_exhausted', data: { credit_budget: 1 } });
    expect(alerts[0]!.body.data.credits_used).toBeGreaterThanOrEqual(1);
    expect(alerts[0]!.signatureValid).toBe(true);
  });

  it('occurrences missed are told with how many, once even when the run is retried', async () => {
    const { s, id, alertsOf } = await subscribed(['run.missed']);
    const activities = createActivities({ db: stack.db, provider, creditMultipliers: {}, ...activityDefaults });
    const from = '2026-03-01T08:00:00.000Z';
    const input: ExecuteRunInput = {
      run_key: `${id}:2026-03-01T08:05:00.000Z`,
      type: 'heartbeat',
      scheduled_for: '2026-03-01T08:05:00.000Z',
      config: {
        heartbeat_id: id,
        project_id: s.projectId,
        bot_id: s.botId,
        member_id: null,
        prompt: 'Check the queue',
        interval_minutes: 1,
        cron_pattern: null,
        active_hours_start: null,
        active_hours_end: null,
        active_days: null,
        timezone: 'UTC',
        anchor: from,
        enabled: true,
        credit_budget: null,
        max_consecutive_errors: 5,
        version: 1,
      },
      streak: { enabled: true, auto_paused: false, consecutive_errors: 0, paused_reason: null },
      budget_row_written_for: null,
      next_run_at: null,
      missed: { run_key: `${id}:missed:${from}`, from, count: 4 },
    };
    openai.script.push({ answer: 'Caught up.' });
    // Twice, as a retried attempt would: the second finds the row and raises the same alert.
    const ids = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await activities.executeRun(input);
      ids.push(result.alert_ids);
      for (const alertId of result.alert_ids ?? []) await activities.deliverAlert({ alert_id: alertId });
    }
    expect(ids[0]).toHaveLength(1);
    expect(ids[1]).toEqual([]);
    const alerts = alertsOf();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body).toMatchObject({ type: 'run.missed', data: { count: 4, from } });
    expect(alerts[0]!.id).toBe(`${id}:missed:${from}:run.missed`);
  });
});
