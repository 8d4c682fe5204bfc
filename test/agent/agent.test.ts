/**
 * Agent runs against a scripted OpenAI-compatible server and a real MCP server: tools, notify_user,
 * retries, accounting.
 */
import { Writable } from 'node:stream';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { ExecuteRunInput } from '../../contract/activities.js';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { createLogger } from '../../telemetry/logger.js';
import { activityDefaults, caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';
import { startMcpServer, startScriptedOpenAI, startWebhookReceiver } from '../helpers/loopback.js';

let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
let mcp: Awaited<ReturnType<typeof startMcpServer>>;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let stack: Stack;
let s: Seed;
let api: ReturnType<typeof caller>;
let webhookSecret = '';
let heartbeatId: string;
const SECRET_HEADER = 'Bearer mcp-secret-7f3a';

beforeAll(async () => {
  openai = await startScriptedOpenAI([]);
  mcp = await startMcpServer();
  webhook = await startWebhookReceiver(() => webhookSecret);
  stack = await createStack({
    provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 2, timeoutMs: 1500 }),
  });
  s = await seedProject(stack.db, 'pro');
  api = caller(stack.app, s.key);
  const bot = await api.put('/v1/bot/update', { project_id: s.projectId, bot_id: s.botId, webhook_url: webhook.url });
  webhookSecret = bot.body.webhook_secret;
  expect(webhookSecret).toMatch(/^whsec_/);
  const tool = await api.post('/v1/bot/tool', {
    project_id: s.projectId,
    bot_id: s.botId,
    server_label: 'weather',
    server_url: mcp.url,
    headers: { Authorization: SECRET_HEADER },
  });
  expect(tool.status).toBe(200);
  const member = await api.post('/v1/bot/subscriber/create', { project_id: s.projectId, name: 'Ann' });
  const hb = await api.post('/v1/bot/heartbeat/configure', {
    project_id: s.projectId,
    bot_id: s.botId,
    member_id: member.body.member.uuid,
    prompt: 'What is the weather in Lisbon? Tell me.',
  });
  heartbeatId = hb.body.heartbeat.uuid;
});
afterAll(async () => {
  await stack?.close();
  await Promise.all([openai?.close(), mcp?.close(), webhook?.close()]);
});

const trigger = () => api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: heartbeatId });

describe('agent runs with a real provider protocol, MCP tools and notify_user', () => {
  it('calls an MCP tool and notify_user, ends with the final text, and accounts tokens and credits as reported', async () => {
    openai.script.push(
      { toolCalls: [{ name: 'weather__lookup', args: { city: 'Lisbon' } }], tokens: [400, 30] },
      {
        toolCalls: [
          { name: 'weather__broken', args: {} },
          { name: 'notify_user', args: { title: 'Weather', body: 'Sunny in Lisbon' } },
        ],
        tokens: [600, 40],
      },
      { answer: 'It is sunny, 21°C in Lisbon. I told Ann.', tokens: [800, 60] },
    );
    const res = await trigger();
    expect(res.body.result).toMatchObject({
      status: 'success',
      response: 'It is sunny, 21°C in Lisbon. I told Ann.',
      tokens_used: 1930,
      credits_charged: 2,
    });

    // The model saw the bot's instruction, the prompt, the tools, and each tool's result.
    const first = openai.requests.at(-3)!;
    expect(first.model).toBe('test-model');
    expect(first.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(first.messages.at(-1)).toEqual({ role: 'user', content: 'What is the weather in Lisbon? Tell me.' });
    expect(first.tools!.map((t: any) => t.function.name).sort()).toEqual([
      'notify_user',
      'report_outcome',
      'weather__broken',
      'weather__lookup',
    ]);
    const last = openai.requests.at(-1)!;
    const toolResults = last.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    expect(toolResults[0]).toBe('Sunny, 21°C in Lisbon');
    expect(toolResults[1]).toMatch(/^error: .*offline/);
    expect(toolResults[2]).toMatch(/^notification .* stored$/);
    expect(mcp.calls.map((c) => c.tool)).toEqual(['lookup', 'broken']);

    // The MCP server got the secret header and the run key as idempotency key.
    const toolCall = mcp.seenHeaders.find((h) => h['idempotency-key']);
    expect(toolCall?.authorization).toBe(SECRET_HEADER);
    expect(String(toolCall?.['idempotency-key'])).toMatch(new RegExp(`^${heartbeatId}:manual:`));

    // One notification, stored and delivered to the webhook with a valid signature.
    const notes = await api.get('/v1/bot/notification/readall', { project_id: s.projectId, heartbeat_id: heartbeatId });
    expect(notes.body.notifications).toHaveLength(1);
    expect(notes.body.notifications[0]).toMatchObject({ title: 'Weather', body: 'Sunny in Lisbon' });
    const deadline = Date.now() + 10_000;
    while (webhook.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(webhook.received).toHaveLength(1);
    expect(webhook.received[0]).toMatchObject({
      signatureValid: true,
      body: { title: 'Weather', body: 'Sunny in Lisbon', heartbeat_id: heartbeatId },
    });
    expect(webhook.received[0]!.idempotencyKey).toMatch(/:notify:0$/);

    const logs = await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, heartbeat_id: heartbeatId });
    expect(logs.body.logs[0]).toMatchObject({
      status: 'success',
      tokens_used: 1930,
      credits_charged: 2,
      type: 'manual',
    });
  });

  it('retries provider 500s inside the run: 500 twice then success is one success row', async () => {
    const before = openai.requests.length;
    openai.script.push({ status: 500 }, { status: 500 }, { answer: 'Recovered.', tokens: [50, 5] });
    const res = await trigger();
    expect(res.body.result).toMatchObject({ status: 'success', response: 'Recovered.', tokens_used: 55 });
    expect(openai.requests.length - before).toBe(3);
    // Today's earlier run of this heartbeat travels along as history: one conversation per day.
    const messages = openai.requests.at(-1)!.messages;
    expect(messages).toContainEqual({ role: 'assistant', content: 'It is sunny, 21°C in Lisbon. I told Ann.' });
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'What is the weather in Lisbon? Tell me.' });
    const logs = await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, heartbeat_id: heartbeatId });
    expect(logs.body.logs.filter((l: any) => l.response === 'Recovered.')).toHaveLength(1);
  });

  it('retries a 429 and a timeout inside the run', async () => {
    const before = openai.requests.length;
    openai.script.push(
      { status: 429, message: 'Rate limit reached' },
      { hangMs: 2500 },
      { answer: 'Patience pays.', tokens: [10, 2] },
    );
    const res = await trigger();
    expect(res.body.result).toMatchObject({ status: 'success', response: 'Patience pays.', tokens_used: 12 });
    expect(openai.requests.length - before).toBe(3);
  });

  it('fails at once on a 401: one error row saying what failed, no retry storm', async () => {
    const before = openai.requests.length;
    openai.script.push({ status: 401, message: 'Incorrect API key provided' });
    const res = await trigger();
    expect(res.body.result.status).toBe('error');
    expect(res.body.result.error_message).toMatch(/openai provider: HTTP 401/);
    expect(openai.requests.length - before).toBe(1);
    const logs = await api.get('/v1/bot/heartbeat/logs', {
      project_id: s.projectId,
      heartbeat_id: heartbeatId,
      status: 'error',
    });
    expect(logs.body.logs).toHaveLength(1);
    expect(logs.body.logs[0].error_message).toContain('Incorrect API key provided');
  });

  it('a retried activity writes one row, charges once and notifies once', async () => {
    const activities = createActivities({
      db: stack.db,
      provider: new OpenAIProvider({ baseURL: openai.baseURL, maxRetries: 0 }),
      creditMultipliers: {},
      ...activityDefaults,
    });
    const runKey = `${heartbeatId}:manual:retried`;
    const input: ExecuteRunInput = {
      run_key: runKey,
      type: 'manual',
      scheduled_for: null,
      config: {
        heartbeat_id: heartbeatId,
        project_id: s.projectId,
        bot_id: s.botId,
        member_id: null,
        prompt: 'Ping',
        interval_minutes: 30,
        cron_pattern: null,
        active_hours_start: null,
        active_hours_end: null,
        active_days: null,
        timezone: 'UTC',
        anchor: new Date().toISOString(),
        enabled: false,
        credit_budget: null,
        max_consecutive_errors: 5,
        version: 1,
      },
      streak: { enabled: false, auto_paused: false, consecutive_errors: 0, paused_reason: null },
      budget_row_written_for: null,
      next_run_at: null,
    };
    const deliveredBefore = webhook.received.length;
    const requestsBefore = openai.requests.length;
    openai.script.push(
      { toolCalls: [{ name: 'notify_user', args: { title: 'Ping', body: 'pong' } }], tokens: [900, 100] },
      { answer: 'Done.', tokens: [900, 100] },
    );
    const outcomes = [];
    // The same run twice, as a retried activity whose first completion was lost would run it.
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await activities.executeRun(input);
      outcomes.push(outcome);
      for (const id of outcome.notification_ids) await activities.deliverNotification({ notification_id: id });
    }
    // The second attempt found the row: it returned the run as recorded and called no model.
    expect(openai.requests.length - requestsBefore).toBe(2);
    expect(outcomes[1]).toMatchObject({ status: 'success', response: 'Done.', credits_charged: 2 });
    expect(outcomes[0]!.notification_ids).toEqual(outcomes[1]!.notification_ids);
    const rows = await stack.db.selectFrom('heartbeat_runs').selectAll().where('run_key', '=', runKey).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.credits_charged).toBe(2);
    const notes = await stack.db.selectFrom('notifications').selectAll().where('run_key', '=', runKey).execute();
    expect(notes).toHaveLength(1);
    expect(webhook.received.length - deliveredBefore).toBe(1);
    const day = await stack.db
      .selectFrom('heartbeat_run_days')
      .select((eb) => eb.fn.sum<number>('credits').as('credits'))
      .where('heartbeat_id', '=', heartbeatId)
      .executeTakeFirstOrThrow();
    const charged = await stack.db
      .selectFrom('heartbeat_runs')
      .select((eb) => eb.fn.sum<number>('credits_charged').as('credits'))
      .where('heartbeat_id', '=', heartbeatId)
      .executeTakeFirstOrThrow();
    expect(Number(day.credits)).toBe(Number(charged.credits));
  });

  it('a scheduled run (a local activity) cut short after the model answered: the next attempt charges what it spent, and its note goes with the row', async () => {
    const activities = createActivities({
      db: stack.db,
      provider: new OpenAIProvider({ baseURL: openai.baseURL, maxRetries: 0 }),
      creditMultipliers: {},
      ...activityDefaults,
    });
    const scheduledFor = new Date(Date.now() - 1000).toISOString();
    const runKey = `${heartbeatId}:${scheduledFor}`;
    const input: ExecuteRunInput = {
      run_key: runKey,
      type: 'heartbeat',
      scheduled_for: scheduledFor,
      config: {
        heartbeat_id: heartbeatId,
        project_id: s.projectId,
        bot_id: s.botId,
        member_id: null,
        prompt: 'Ping',
        interval_minutes: 30,
        cron_pattern: null,
        active_hours_start: null,
        active_hours_end: null,
        active_days: null,
        timezone: 'UTC',
        anchor: new Date().toISOString(),
        enabled: true,
        credit_budget: null,
        max_consecutive_errors: 5,
        version: 1,
      },
      streak: { enabled: true, auto_paused: false, consecutive_errors: 0, paused_reason: null },
      budget_row_written_for: null,
      next_run_at: null,
    };
    const requestsBefore = openai.requests.length;
    // The first attempt's model asks for a tool (1,000 tokens), then never answers again: the
    // worker running it is as good as dead. The attempt after it (on another worker, numbered 1 by
    // the SDK again) gets an answer at once.
    openai.script.push(
      { toolCalls: [{ name: 'weather__lookup', args: { city: 'Porto' } }], tokens: [900, 100] },
      { hangMs: 30_000 },
      { answer: 'Cloudy in Porto.', tokens: [1500, 500] },
    );
    const first = new MockActivityEnvironment({ isLocal: true, attempt: 1 });
    const cutShort = first.run(activities.executeRun, input).catch(() => undefined);
    const noted = async () =>
      stack.db.selectFrom('run_attempts').select('details').where('run_key', '=', runKey).executeTakeFirst();
    for (let i = 0; i < 200 && !(await noted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await noted())?.details).toMatchObject({ current: { attempt: 1, provider_calls: 2, tokens_used: 1000 } });

    const second = new MockActivityEnvironment({ isLocal: true, attempt: 1 });
    const result = await second.run(activities.executeRun, input);
    // The answer is in the row, not in what the workflow's history keeps of a scheduled run.
    expect(result).toMatchObject({ status: 'success', response: null, tokens_used: 3000, credits_charged: 3 });
    first.cancel();
    await cutShort;

    expect(openai.requests.length - requestsBefore).toBe(3);
    const rows = await stack.db.selectFrom('heartbeat_runs').selectAll().where('run_key', '=', runKey).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempts: 2, tokens_used: 3000, credits_charged: 3, response: 'Cloudy in Porto.' });
    expect(rows[0]!.interrupted_attempts).toEqual([
      { attempt: 1, reached_provider: true, provider_calls: 2, tokens_used: 1000, credits_charged: 1 },
    ]);
    expect(await noted()).toBeUndefined();
  });

  it("never shows the tools' header secrets in API output or logs", async () => {
    const tools = await api.get('/v1/bot/tool', { project_id: s.projectId, bot_id: s.botId });
    expect(tools.body.tools[0]).toMatchObject({ server_label: 'weather', header_names: ['Authorization'] });
    expect(JSON.stringify(tools.body)).not.toContain('mcp-secret');
    const bot = await api.get('/v1/bot/read', { project_id: s.projectId, bot_id: s.botId });
    expect(JSON.stringify(bot.body)).not.toContain(webhookSecret);

    let written = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((written += chunk.toString()), done()) });
    const redacting = createLogger({ logLevel: 'info' }, 'test', sink);
    redacting.info(
      { tool: { headers: { Authorization: SECRET_HEADER } }, webhook_secret: webhookSecret },
      'tool connected',
    );
    expect(written).toContain('tool connected');
    expect(written).not.toContain('mcp-secret');
    expect(written).not.toContain(webhookSecret);
  });
});
