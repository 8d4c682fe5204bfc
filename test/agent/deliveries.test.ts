/**
 * A failing webhook never holds a heartbeat up: continue-as-new carries the delivery over to the
 * next run of the workflow, which delivers it (once the webhook answers) with the same id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';
import { startScriptedOpenAI, startWebhookReceiver } from '../helpers/loopback.js';

let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let stack: Stack;
let s: Seed;
let api: ReturnType<typeof caller>;
let secret = '';

beforeAll(async () => {
  openai = await startScriptedOpenAI([]);
  webhook = await startWebhookReceiver(() => secret);
  stack = await createStack({
    provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 5000 }),
  });
  s = await seedProject(stack.db, 'pro');
  api = caller(stack.app, s.key);
  const bot = await api.put('/v1/bot/update', { project_id: s.projectId, bot_id: s.botId, webhook_url: webhook.url });
  secret = bot.body.webhook_secret;
});
afterAll(async () => {
  await stack?.close();
  await Promise.all([openai?.close(), webhook?.close()]);
});

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a webhook that keeps failing', () => {
  it('does not hold up a new configuration; the next run of the workflow delivers it, with the same id', async () => {
    const created = await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'Check the inbox',
    });
    const id = created.body.heartbeat.uuid as string;
    const handle = stack.client.workflow.getHandle(heartbeatWorkflowId(id));
    const firstRun = (await handle.describe()).runId;

    webhook.control.status = 500;
    openai.script.push(
      { toolCalls: [{ name: 'notify_user', args: { title: 'Inbox', body: 'one new mail' } }] },
      { answer: 'Told them.' },
    );
    const run = await api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: id });
    expect(run.body.result.status).toBe('success');
    await until(
      'a first delivery attempt',
      async () => webhook.received.length,
      (n) => n >= 1,
    );

    // A new configuration continues the workflow as new at once, although the delivery retries for half an hour.
    const changed = await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      heartbeat_id: id,
      prompt: 'Check the inbox twice',
    });
    expect(changed.status).toBe(200);
    await until(
      'the workflow continued as new',
      async () => (await handle.describe()).runId,
      (r) => r !== firstRun,
      20_000,
    );

    webhook.control.status = 204;
    const notes = await until(
      'the notification delivered',
      async () =>
        (await api.get('/v1/bot/notification/readall', { project_id: s.projectId, bot_id: s.botId })).body
          .notifications,
      (n: any[]) => n.length === 1 && n[0].delivery_status === 'delivered',
    );
    expect(notes[0].title).toBe('Inbox');
    expect(new Set(webhook.received.map((r) => r.id)).size).toBe(1);
    expect(webhook.received.every((r) => r.signatureValid)).toBe(true);
  });
});
