/** A heartbeat's lifecycle over the real stack: the API's answers and the workflow following them. */
import { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { apiConnection, createTemporalGateway } from '../../api/temporal.js';
import { reconcileHeartbeats } from '../../api/reconciler.js';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { botIdKey, enabledKey, nextRunKey, projectIdKey } from '../../contract/search-attributes.js';
import { freePort } from '../../dev/util.js';
import {
  appDefaults,
  caller,
  createStack,
  seedProject,
  workflowState,
  type Seed,
  type Stack,
} from '../helpers/stack.js';

let stack: Stack;
let a: Seed;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  stack = await createStack();
  a = await seedProject(stack.db, 'pro');
  api = caller(stack.app, a.key);
});
afterAll(async () => {
  await stack?.close();
});

const configure = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.post('/v1/bot/heartbeat/configure', { project_id: a.projectId, bot_id: a.botId, ...body }, headers);

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('heartbeat lifecycle over the real stack', () => {
  it('creates, reads, updates, enables, disables, triggers and deletes, and the workflow follows', async () => {
    const created = await configure({
      prompt: 'Summarise the news',
      interval_minutes: 60,
      timezone: 'Europe/Berlin',
      unknown_field: 1,
    });
    expect(created.status).toBe(200);
    const hb = created.body.heartbeat;
    expect(hb).toMatchObject({
      bot_id: a.botId,
      prompt: 'Summarise the news',
      interval_minutes: 60,
      enabled: false,
      timezone: 'Europe/Berlin',
      state: 'disabled',
      version: 1,
      next_run_at: null,
      credits_used: 0,
    });
    expect(hb.created_at).toMatch(/Z$/);
    const id: string = hb.uuid;
    expect((await workflowState(stack, id))?.version).toBe(1);
    // The first run carries the schedule in words as its summary; every run shows it in its current details.
    const firstRun = await stack.client.workflow.getHandle(heartbeatWorkflowId(id)).describe();
    expect(await firstRun.staticSummary()).toBe('Every 60 minutes, Europe/Berlin');
    expect(await firstRun.staticDetails()).toContain('the `state` query');

    const read = await api.get('/v1/bot/heartbeat/read', { project_id: a.projectId, heartbeat_id: id });
    expect(read.body.heartbeat.uuid).toBe(id);
    const list = await api.get('/v1/bot/heartbeat/readall', { project_id: a.projectId, bot_id: a.botId });
    expect(list.body.heartbeats.map((h: { uuid: string }) => h.uuid)).toContain(id);

    const updated = await configure({ heartbeat_id: id, interval_minutes: 15 });
    expect(updated.body.heartbeat).toMatchObject({ version: 2, interval_minutes: 15, prompt: 'Summarise the news' });
    const seen = await eventually(
      () => workflowState(stack, id),
      (s) => s?.version === 2,
    );
    expect(seen?.version).toBe(2);

    const enabled = await api.post('/v1/bot/heartbeat/enable', { project_id: a.projectId, heartbeat_id: id });
    expect(enabled.body.heartbeat).toMatchObject({ enabled: true, state: 'active' });
    expect(Date.parse(enabled.body.heartbeat.next_run_at)).toBeGreaterThan(Date.now());
    expect(
      (
        await eventually(
          () => workflowState(stack, id),
          (s) => s?.enabled === true,
        )
      )?.state,
    ).toBe('active');

    // What the Temporal Web UI shows: search attributes, the schedule in words, the next run.
    const handle = stack.client.workflow.getHandle(heartbeatWorkflowId(id));
    const described = await eventually(
      () => handle.describe(),
      (d) => d.typedSearchAttributes.get(enabledKey) === true && d.typedSearchAttributes.get(nextRunKey) !== undefined,
    );
    expect(described.typedSearchAttributes.get(projectIdKey)).toBe(a.projectId);
    expect(described.typedSearchAttributes.get(botIdKey)).toBe(a.botId);
    expect(described.typedSearchAttributes.get(nextRunKey)?.getTime()).toBeGreaterThan(Date.now());
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('Every 15 minutes, Europe/Berlin');
    expect(metadata.currentDetails).toContain('Next run: 20');
    expect(metadata.currentDetails).toContain('Last run: none yet.');
    expect(metadata.currentDetails).toContain('Errors in a row: 0 of 5.');

    const disabled = await api.post('/v1/bot/heartbeat/disable', { project_id: a.projectId, heartbeat_id: id });
    expect(disabled.body.heartbeat).toMatchObject({ enabled: false, state: 'disabled', next_run_at: null });
    expect(
      (
        await eventually(
          () => workflowState(stack, id),
          (s) => s?.enabled === false,
        )
      )?.state,
    ).toBe('disabled');

    const triggered = await api.post('/v1/bot/heartbeat/trigger', { project_id: a.projectId, heartbeat_id: id });
    expect(triggered.status).toBe(200);
    expect(triggered.body.result).toMatchObject({ status: 'success' });
    expect(triggered.body.result.response).toContain('local provider');
    expect(triggered.body.result.tokens_used).toBeGreaterThan(0);
    expect(triggered.body.result.credits_charged).toBe(1);

    const logs = await api.get('/v1/bot/heartbeat/logs', { project_id: a.projectId, heartbeat_id: id });
    expect(logs.body.logs).toHaveLength(1);
    expect(logs.body.logs[0]).toMatchObject({
      type: 'manual',
      status: 'success',
      heartbeat_id: id,
      prompt: 'Summarise the news',
    });
    const afterRun = await api.get('/v1/bot/heartbeat/read', { project_id: a.projectId, heartbeat_id: id });
    expect(afterRun.body.heartbeat).toMatchObject({ execution_count: 1, last_status: 'success', credits_used: 1 });
    // The Web UI's details tell how the last run went, while the heartbeat stays disabled.
    const details = await eventually(
      () => handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata'),
      (m) => m.currentDetails?.includes('Last run: success') === true,
    );
    expect(details.currentDetails).toMatch(/State: disabled\..*\nLast run: success at 20\S+Z \(manual\)\./);

    const deleted = await api.del('/v1/bot/heartbeat/delete', { project_id: a.projectId, heartbeat_id: id });
    expect(deleted.body).toMatchObject({ deleted: true, heartbeat: { uuid: id } });
    expect((await api.get('/v1/bot/heartbeat/read', { project_id: a.projectId, heartbeat_id: id })).status).toBe(404);
    const ended = await stack.client.workflow.getHandle(heartbeatWorkflowId(id)).result();
    expect(ended).toEqual({ deleted: true });
    const kept = await api.get('/v1/bot/heartbeat/logs', { project_id: a.projectId, heartbeat_id: id });
    expect(kept.body.total).toBe(1);
  });

  it("lists one bot's heartbeats or the project's, a page at a time", async () => {
    const p = await seedProject(stack.db, 'pro');
    const api2 = caller(stack.app, p.key);
    const bot2 = (await api2.post('/v1/bot/create', { project_id: p.projectId, name: 'Second', heartbeat: true })).body
      .bot.uuid;
    for (const bot of [p.botId, p.botId, bot2])
      await api2.post('/v1/bot/heartbeat/configure', { project_id: p.projectId, bot_id: bot, prompt: 'Look around' });
    const one = await api2.get('/v1/bot/heartbeat/readall', { project_id: p.projectId, bot_id: p.botId });
    expect(one.body.heartbeats).toHaveLength(2);
    expect(one.body.pagination).toEqual({ page: 1, per_page: 100, total: 2, total_pages: 1 });
    const all = await api2.get('/v1/bot/heartbeat/readall', { project_id: p.projectId });
    expect(all.body.heartbeats).toHaveLength(3);
    const page2 = await api2.get('/v1/bot/heartbeat/readall', { project_id: p.projectId, per_page: 2, page: 2 });
    expect(page2.body.heartbeats).toHaveLength(1);
    expect(page2.body.heartbeats[0].bot_id).toBe(bot2);
    expect(page2.body.pagination).toEqual({ page: 2, per_page: 2, total: 3, total_pages: 2 });
  });

  it('takes active_days as the public API spells it or as a JSON array, and answers the string', async () => {
    const asArray = await configure({
      prompt: 'Weekdays',
      active_hours_start: '09:00',
      active_hours_end: '17:00',
      active_days: [1, 2, 3, 4, 5],
    });
    expect(asArray.status, JSON.stringify(asArray.body)).toBe(200);
    expect(asArray.body.heartbeat.active_days).toBe('1,2,3,4,5');
    expect(asArray.body.heartbeat.schedule_description).toContain('Mon–Fri');
    const asText = await configure({ heartbeat_id: asArray.body.heartbeat.uuid, active_days: '6,7' });
    expect(asText.body.heartbeat.active_days).toBe('6,7');
    for (const wrong of [[0], [1.5], '8']) {
      const res = await configure({ heartbeat_id: asArray.body.heartbeat.uuid, active_days: wrong });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toMatch(/^active_days/);
    }
    const day8 = await configure({ heartbeat_id: asArray.body.heartbeat.uuid, active_days: '1,8' });
    expect(day8.body.error.details[0]).toMatchObject({ field: 'active_days', code: 'invalid_active_days' });
  });

  it('makes a create safe to retry with an Idempotency-Key', async () => {
    const first = await configure({ prompt: 'Once' }, { 'idempotency-key': 'create-once' });
    const again = await configure({ prompt: 'Once' }, { 'idempotency-key': 'create-once' });
    expect(again.body.heartbeat.uuid).toBe(first.body.heartbeat.uuid);
    expect(first.body.heartbeat.interval_minutes).toBe(30);
  });

  it('accepts a cron pattern instead of an interval, and sending one replaces the other', async () => {
    const created = await configure({
      prompt: 'Weekdays',
      cron_pattern: '0 9 * * 1-5',
      timezone: 'America/New_York',
      enabled: true,
    });
    expect(created.body.heartbeat).toMatchObject({ cron_pattern: '0 9 * * 1-5', interval_minutes: null });
    const next = DateTime.fromISO(created.body.heartbeat.next_run_at, { zone: 'America/New_York' });
    expect(next.toFormat('HH:mm')).toBe('09:00');
    expect(next.weekday).toBeLessThanOrEqual(5);
    const switched = await configure({ heartbeat_id: created.body.heartbeat.uuid, interval_minutes: 20 });
    expect(switched.body.heartbeat).toMatchObject({ cron_pattern: null, interval_minutes: 20 });
  });
});

describe('Temporal unreachable', () => {
  it('answers 503 with the change saved, and the reconciler applies it when Temporal is back', async () => {
    const deadConnection = apiConnection(`127.0.0.1:${await freePort()}`);
    const deadTemporal = createTemporalGateway(new Client({ connection: deadConnection }), stack.taskQueue);
    const offline = createApp({ db: stack.db, temporal: deadTemporal, ...appDefaults });
    const offlineApi = caller(offline, a.key);

    const res = await offlineApi.post('/v1/bot/heartbeat/configure', {
      project_id: a.projectId,
      bot_id: a.botId,
      prompt: 'While down',
      enabled: true,
    });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('temporal_unavailable');
    const ready = await offline.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', temporal: 'unreachable' } });

    const row = await stack.db
      .selectFrom('heartbeats')
      .selectAll()
      .where('project_id', '=', a.projectId)
      .where('prompt', '=', 'While down')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ version: 1, synced_version: 0, enabled: true });
    expect(await workflowState(stack, row.id)).toBeUndefined();

    const result = await reconcileHeartbeats({ db: stack.db, temporal: stack.temporal, log: () => undefined });
    expect(result.synced).toBeGreaterThanOrEqual(1);
    const state = await workflowState(stack, row.id);
    expect(state).toMatchObject({ version: 1, enabled: true });
    const synced = await stack.db
      .selectFrom('heartbeats')
      .select(['synced_version', 'synced_enabled'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(synced).toEqual({ synced_version: 1, synced_enabled: true });
    await deadConnection.close();
  });
});
