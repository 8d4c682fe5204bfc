/**
 * The short version of `npm run chaos`, on separate processes as in production: a worker killed
 * mid-run, and a trigger across a Temporal restart. Each run ends exactly once, charged and
 * delivered once, and the API never answers 5xx nor reports an accepted run as not run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startFaultStack, type FaultStack } from '../../dev/fault-stack.js';
import { startSlowProvider, startWebhookCounter } from '../../dev/peers.js';

let stack: FaultStack;
let provider: Awaited<ReturnType<typeof startSlowProvider>>;
let webhooks: Awaited<ReturnType<typeof startWebhookCounter>>;
let botId: string;

const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify({ project_id: stack.projectId, ...(body as object) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

async function until<T>(probe: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined as T);
    if ((v !== undefined && accept(v)) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  provider = await startSlowProvider({ minMs: 2_000, maxMs: 2_500 });
  webhooks = await startWebhookCounter();
  stack = await startFaultStack({
    cliPath: inject('temporalCliPath'),
    env: { AGENT_PROVIDER: 'openai', OPENAI_BASE_URL: provider.baseURL, OUTBOUND_ALLOW_PRIVATE: 'true' },
  });
  const bot = await request('POST', '/v1/bot/create', { name: 'Faulty', heartbeat: true, webhook_url: webhooks.url });
  botId = bot.body.bot.uuid;
  webhooks.setSecret(bot.body.webhook_secret);
}, 180_000);
afterAll(async () => {
  await stack?.close();
  await provider?.close();
  await webhooks?.close();
});

const heartbeat = async (prompt: string) =>
  (await request('POST', '/v1/bot/heartbeat/configure', { bot_id: botId, prompt })).body.heartbeat.uuid as string;

describe('faults', () => {
  it('a worker killed mid-run: the run is retried on a new worker within seconds and recorded, charged and delivered once', async () => {
    const id = await heartbeat('Survive a crash');
    const trigger = request(
      'POST',
      '/v1/bot/heartbeat/trigger',
      { heartbeat_id: id },
      { 'idempotency-key': 'crash-1' },
    );
    // Kill the worker once the model has been called (the first answer takes 2 s).
    await until(
      async () => provider.requests(),
      (n) => n >= 1,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    stack.worker.kill9();
    const killedAt = Date.now();
    await stack.worker.start();
    const answer = await trigger;
    expect(answer.status).toBe(200);
    expect(answer.body.result.status).toBe('success');
    expect(Date.now() - killedAt).toBeLessThan(45_000);

    const logs = await request('GET', `/v1/bot/heartbeat/logs?project_id=${stack.projectId}&heartbeat_id=${id}`);
    expect(logs.body.total).toBe(1);
    const run = logs.body.logs[0];
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    expect(run.interrupted_attempts[0]).toMatchObject({ attempt: 1, reached_provider: true });
    const hb = await request('GET', `/v1/bot/heartbeat/read?project_id=${stack.projectId}&heartbeat_id=${id}`);
    expect(hb.body.heartbeat).toMatchObject({ execution_count: 1, credits_used: run.credits_charged });
    const delivered = await until(
      async () => webhooks.received.filter((w) => w.id.startsWith(run.run_key)),
      (d) => d.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(webhooks.received.filter((w) => w.id.startsWith(run.run_key))).toHaveLength(1);
    expect(delivered[0]!.valid).toBe(true);
  }, 120_000);

  it('a worker killed mid-way through a scheduled run: another worker takes the run up, recorded and charged once, with the attempt cut short noted', async () => {
    const id = (
      await request('POST', '/v1/bot/heartbeat/configure', {
        bot_id: botId,
        prompt: 'Survive a crash on schedule',
        interval_minutes: 1,
        enabled: true,
      })
    ).body.heartbeat.uuid as string;
    const before = provider.requests();
    // The first scheduled run comes within the minute; kill the worker while its model call is out.
    await until(
      async () => provider.requests(),
      (n) => n > before,
      90_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    stack.worker.kill9();
    await stack.worker.start();
    // The run was held by the worker from up to 70 s before it was due; its heartbeat timeout
    // covers that wait and the report's spread (40 s), so the server notices the dead worker up to
    // 110 s after the run started.
    const logs = await until(
      () => request('GET', `/v1/bot/heartbeat/logs?project_id=${stack.projectId}&heartbeat_id=${id}&type=heartbeat`),
      (r) => r.body.total >= 1,
      180_000,
    );
    await request('POST', '/v1/bot/heartbeat/disable', { heartbeat_id: id });
    const run = logs.body.logs.at(-1);
    expect(run).toMatchObject({ status: 'success', type: 'heartbeat' });
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    expect(run.interrupted_attempts[0]).toMatchObject({ attempt: 1, reached_provider: true });
    const same = logs.body.logs.filter((r: { scheduled_for: string }) => r.scheduled_for === run.scheduled_for);
    expect(same).toHaveLength(1);
    const hb = await request('GET', `/v1/bot/heartbeat/read?project_id=${stack.projectId}&heartbeat_id=${id}`);
    const charged = logs.body.logs.reduce((sum: number, r: { credits_charged: number }) => sum + r.credits_charged, 0);
    expect(hb.body.heartbeat.credits_used).toBe(charged);
  }, 360_000);

  it('a trigger across a Temporal restart: answered without a 5xx, and the run happens exactly once', async () => {
    const id = await heartbeat('Survive a restart');
    const before = provider.requests();
    const trigger = request(
      'POST',
      '/v1/bot/heartbeat/trigger',
      { heartbeat_id: id },
      { 'idempotency-key': 'restart-1' },
    );
    await until(
      async () => provider.requests(),
      (n) => n > before,
      20_000,
    );
    stack.temporal.kill9();
    await new Promise((r) => setTimeout(r, 1_000));
    await stack.temporal.start();
    const answer = await trigger;
    expect([200, 202]).toContain(answer.status);
    const runKey: string = answer.status === 200 ? undefined : answer.body.run_key;
    const logs = await until(
      () => request('GET', `/v1/bot/heartbeat/logs?project_id=${stack.projectId}&heartbeat_id=${id}`),
      (r) => r.body.total >= 1,
    );
    expect(logs.body.total).toBe(1);
    if (runKey) expect(logs.body.logs[0].run_key).toBe(runKey);
    // A client retrying with the same key gets the same run, not a second one.
    const retry = await request(
      'POST',
      '/v1/bot/heartbeat/trigger',
      { heartbeat_id: id },
      { 'idempotency-key': 'restart-1' },
    );
    expect(retry.status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 6_000));
    const after = await request('GET', `/v1/bot/heartbeat/logs?project_id=${stack.projectId}&heartbeat_id=${id}`);
    expect(after.body.total).toBe(1);
  }, 120_000);
});
