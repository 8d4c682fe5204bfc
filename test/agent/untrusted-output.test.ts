/**
 * Model output is untrusted input: a NUL character or an endless tool loop must neither make the
 * run call the model again for an answer it already has, nor let it spend past its budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';
import { startScriptedOpenAI } from '../helpers/loopback.js';

let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
let stack: Stack;
let s: Seed;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  openai = await startScriptedOpenAI([]);
  stack = await createStack({
    provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 5000 }),
  });
  s = await seedProject(stack.db, 'pro');
  api = caller(stack.app, s.key);
});
afterAll(async () => {
  await stack?.close();
  await openai?.close();
});

async function heartbeat(extra: Record<string, unknown> = {}) {
  const res = await api.post('/v1/bot/heartbeat/configure', {
    project_id: s.projectId,
    bot_id: s.botId,
    prompt: 'Check the inbox',
    ...extra,
  });
  expect(res.status).toBe(200);
  return res.body.heartbeat.uuid as string;
}

const trigger = (id: string) => api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: id });
const logs = async (id: string) =>
  (await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, heartbeat_id: id })).body.logs as any[];

describe('a model answer PostgreSQL cannot store as it is', () => {
  it('with a NUL character: one model call, the answer stored without it, charged as reported', async () => {
    const id = await heartbeat();
    const before = openai.requests.length;
    openai.script.push(
      {
        toolCalls: [{ name: 'notify_user', args: { title: 'Inbox\u0000', body: 'one new\u0000 mail' } }],
        tokens: [900, 100],
      },
      { answer: 'All quiet\u0000 today', tokens: [1800, 200] },
    );
    const res = await trigger(id);
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({
      status: 'success',
      response: 'All quiet today',
      tokens_used: 3000,
      credits_charged: 3,
    });
    expect(openai.requests.length - before).toBe(2);
    const [row] = await logs(id);
    expect(row).toMatchObject({ status: 'success', response: 'All quiet today', credits_charged: 3, attempts: 1 });
    const notes = await api.get('/v1/bot/notification/readall', { project_id: s.projectId, bot_id: s.botId });
    expect(notes.body.notifications.map((n: any) => [n.title, n.body])).toContainEqual(['Inbox', 'one new mail']);
  });

  it('too long to keep: cut to the stored limit, saying so', async () => {
    const id = await heartbeat();
    openai.script.push({ answer: 'x'.repeat(150_000), tokens: [10, 10] });
    const res = await trigger(id);
    expect(res.body.result.status).toBe('success');
    const [row] = await logs(id);
    expect(row.response.length).toBe(100_000);
    expect(row.response.endsWith(' […cut]')).toBe(true);
  });
});

describe('a run that would spend past its budget', () => {
  it('stops its tool loop at the budget left, with run_credit_limit, charged what it used', async () => {
    const id = await heartbeat({ credit_budget: 3 });
    const loop = {
      toolCalls: [{ name: 'notify_user', args: { title: 't', body: 'b' } }],
      tokens: [900, 100] as [number, number],
    };
    openai.script.push(loop, loop, loop, loop, loop, loop, loop, loop);
    const before = openai.requests.length;
    const res = await trigger(id);
    expect(res.body.result).toMatchObject({ status: 'error', credits_charged: 3, tokens_used: 3000 });
    expect(openai.requests.length - before).toBe(3);
    const [row] = await logs(id);
    expect(row).toMatchObject({ status: 'error', error_code: 'run_credit_limit', credits_charged: 3 });
    openai.script.length = 0;

    // The budget is spent now: the next trigger is turned away without a model call.
    const next = await trigger(id);
    expect(next.body.result).toMatchObject({ status: 'skipped', reason: 'budget_exhausted' });
    expect(openai.requests.length - before).toBe(3);
  });
});
