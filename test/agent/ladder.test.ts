/**
 * The cost ladder, cheapest first: a precheck that says nothing changed costs no model call and
 * no credit; a triage model's nothing_to_report never calls the main model; a heartbeat's own
 * model and per-run credit limit. Real stack, a scripted provider that counts calls per model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { startPrecheckServer, startScriptedOpenAI } from '../helpers/loopback.js';
import { agentHeartbeat } from '../helpers/agent.js';
import { caller, createStack, seedProject, type Stack } from '../helpers/stack.js';

let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
let precheck: Awaited<ReturnType<typeof startPrecheckServer>>;
let stack: Stack;
let webhookSecret: string | undefined;

beforeAll(async () => {
  openai = await startScriptedOpenAI([]);
  precheck = await startPrecheckServer(() => webhookSecret);
  stack = await createStack({
    provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 5000 }),
    // The triage model costs half a credit per 1,000 tokens; the bot's model one.
    activities: { creditMultipliers: { 'cheap-model': 0.5 } },
  });
});
afterAll(async () => {
  await stack?.close();
  await Promise.all([openai?.close(), precheck?.close()]);
});

async function heartbeat(options: Record<string, unknown> = {}, bot: Record<string, unknown> = {}) {
  const hb = await agentHeartbeat(stack, { prompt: 'Anything new in the tracker?', ...options }, bot);
  if (hb.webhookSecret) webhookSecret = hb.webhookSecret;
  return hb;
}

/** Model calls since `from`, by model. */
const callsByModel = (from: number) =>
  openai.requests
    .slice(from)
    .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.model]: (acc[r.model] ?? 0) + 1 }), {});

const quiet = { toolCalls: [{ name: 'report_outcome', args: { outcome: 'nothing_to_report', summary: 'no news' } }] };

describe('precheck_url', () => {
  it('answering {"changed": false} skips the run: no model call, 0 tokens, 0 credits, signed like a webhook', async () => {
    const hb = await heartbeat({ precheck_url: precheck.url }, { webhook_url: 'http://127.0.0.1:9/hook' });
    expect(hb.heartbeat.precheck_url).toBe(precheck.url);
    precheck.control.answer = { status: 200, body: { changed: false } };
    const before = openai.requests.length;
    const seen = precheck.received.length;
    const result = await hb.trigger();
    expect(result).toMatchObject({
      status: 'skipped',
      reason: 'nothing_changed',
      outcome: 'nothing_to_report',
      tokens_used: 0,
      credits_charged: 0,
    });
    expect(openai.requests.length).toBe(before);
    expect(await hb.lastLog()).toMatchObject({
      status: 'skipped',
      reason: 'nothing_changed',
      outcome: 'nothing_to_report',
      precheck: 'unchanged',
      credits_charged: 0,
    });
    // One GET, signed with the bot's webhook secret (Standard Webhooks, over an empty body).
    expect(precheck.received.slice(seen)).toMatchObject([{ method: 'GET', signatureValid: true }]);
    expect(precheck.received.at(-1)!.headers['idempotency-key']).toMatch(new RegExp(`^${hb.id}:manual:.*:precheck$`));

    // 304 Not Modified means the same.
    precheck.control.answer = { status: 304 };
    expect(await hb.trigger()).toMatchObject({ status: 'skipped', reason: 'nothing_changed', credits_charged: 0 });
    expect(openai.requests.length).toBe(before);
    const read = await hb.api.get('/v1/bot/heartbeat/read', { project_id: hb.s.projectId, heartbeat_id: hb.id });
    expect(read.body.heartbeat).toMatchObject({ credits_used: 0, execution_count: 0 });
  });

  it('{"changed": true, "context": …} runs the model with the context in the prompt', async () => {
    const hb = await heartbeat({ precheck_url: precheck.url });
    precheck.control.answer = { status: 200, body: { changed: true, context: 'Ticket 77 was reopened by Ann.' } };
    openai.script.push({ answer: 'Ticket 77 needs a look.' });
    expect(await hb.trigger()).toMatchObject({ status: 'success', response: 'Ticket 77 needs a look.' });
    const prompt = openai.requests.at(-1)!.messages.at(-1);
    expect(prompt.role).toBe('user');
    expect(prompt.content).toContain('Anything new in the tracker?');
    expect(prompt.content).toContain('Ticket 77 was reopened by Ann.');
    expect(await hb.lastLog()).toMatchObject({ precheck: 'changed', precheck_note: null });
  });

  it('any other answer lets the run go ahead, noted on the run', async () => {
    const hb = await heartbeat({ precheck_url: precheck.url });
    for (const [answer, note] of [
      [{ status: 500, body: { error: 'down' } }, 'the precheck answered 500'],
      [{ status: 200, raw: 'yes' }, 'the precheck answered 200 without JSON'],
      [{ status: 200, body: { changed: 'maybe' } }, 'the precheck answered 200 without a boolean "changed"'],
    ] as const) {
      precheck.control.answer = answer;
      openai.script.push({ answer: 'Looked anyway.' });
      expect(await hb.trigger()).toMatchObject({ status: 'success', response: 'Looked anyway.' });
      expect(await hb.lastLog()).toMatchObject({ precheck: 'ignored', precheck_note: note });
    }
  });

  it('a precheck URL the outbound policy forbids is refused when saved', async () => {
    const s = await seedProject(stack.db, 'pro');
    const res = await caller(stack.app, s.key).post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'x',
      precheck_url: 'http://169.254.169.254/latest/meta-data',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'precheck_url', code: 'outbound_forbidden' });
  });
});

describe('triage_model', () => {
  it('a nothing_to_report from the triage model ends the run: the main model is never called', async () => {
    const hb = await heartbeat({ triage_model: 'cheap-model' });
    const before = openai.requests.length;
    openai.script.push({ ...quiet, tokens: [3000, 0] });
    expect(await hb.trigger()).toMatchObject({
      status: 'success',
      outcome: 'nothing_to_report',
      tokens_used: 3000,
      // Charged at the triage model's own multiplier: 3,000 tokens × 0.5 per 1,000.
      credits_charged: 2,
    });
    expect(callsByModel(before)).toEqual({ 'cheap-model': 1 });
    // The triage model is offered report_outcome only.
    expect(openai.requests.at(-1)!.tools!.map((t: any) => t.function.name)).toEqual(['report_outcome']);
    expect(await hb.lastLog()).toMatchObject({ escalated: false, triage_tokens_used: 3000 });

    expect(await hb.stats()).toMatchObject({ triage_ended: 1, outcomes: { nothing_to_report: 1 } });
  });

  it('anything else escalates to the full model with its tools; both are charged, each at its multiplier', async () => {
    const hb = await heartbeat({ triage_model: 'cheap-model' });
    const before = openai.requests.length;
    openai.script.push(
      {
        toolCalls: [{ name: 'report_outcome', args: { outcome: 'needs_attention', summary: 'a new bug' } }],
        tokens: [1000, 0],
      },
      { answer: 'Bug 12 is new and blocks the release.', tokens: [1500, 0] },
    );
    expect(await hb.trigger()).toMatchObject({
      status: 'success',
      response: 'Bug 12 is new and blocks the release.',
      tokens_used: 2500,
      credits_charged: 1 + 2,
    });
    expect(callsByModel(before)).toEqual({ 'cheap-model': 1, 'test-model': 1 });
    expect(openai.requests.at(-1)!.tools!.map((t: any) => t.function.name)).toEqual(['notify_user', 'report_outcome']);
    expect(await hb.lastLog()).toMatchObject({ escalated: true, triage_tokens_used: 1000, tokens_used: 2500 });
  });
});

describe("the heartbeat's model and its per-run credit limit", () => {
  it("model overrides the bot's, and is kept across an edit that does not send it", async () => {
    const hb = await heartbeat({ model: 'big-model' });
    const edit = await hb.api.post('/v1/bot/heartbeat/configure', {
      project_id: hb.s.projectId,
      bot_id: hb.s.botId,
      heartbeat_id: hb.id,
      prompt: 'Anything new in the tracker today?',
    });
    expect(edit.body.heartbeat.model).toBe('big-model');
    const before = openai.requests.length;
    openai.script.push({ answer: 'Nothing.' });
    await hb.trigger();
    expect(callsByModel(before)).toEqual({ 'big-model': 1 });
  });

  it('max_credits_per_run stops a tool loop with run_credit_limit, charged what it used', async () => {
    const hb = await heartbeat({ max_credits_per_run: 2 });
    const loop = {
      toolCalls: [{ name: 'notify_user', args: { title: 't', body: 'b' } }],
      tokens: [900, 100] as [number, number],
    };
    openai.script.push(loop, loop, loop, loop, loop);
    const before = openai.requests.length;
    expect(await hb.trigger()).toMatchObject({ status: 'error', credits_charged: 2, tokens_used: 2000 });
    expect(openai.requests.length - before).toBe(2);
    expect(await hb.lastLog()).toMatchObject({ error_code: 'run_credit_limit', credits_charged: 2 });
    openai.script.length = 0;
  });
});
