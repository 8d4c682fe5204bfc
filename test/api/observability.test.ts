/**
 * What an operator reads while it runs: one log line per request with its request id, the id
 * answered back and quoted in errors, one line per run (and per skip, with its reason), and the
 * Temporal SDK's lines through the same logger.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunLogEntry } from '../../activities/deps.js';
import type { RequestLogEntry } from '../../api/app.js';
import { createLogger } from '../../telemetry/logger.js';
import { sdkLogger } from '../../worker/sdk-logger.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

const requests: RequestLogEntry[] = [];
const runs: RunLogEntry[] = [];
let stack: Stack;
let s: Seed;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  stack = await createStack({
    app: { requestLog: (e) => requests.push(e) },
    activities: { runLog: (e) => runs.push(e) },
  });
  s = await seedProject(stack.db, 'pro');
  api = caller(stack.app, s.key);
});
afterAll(async () => {
  await stack?.close();
});

describe('the request log', () => {
  it('has one line per request: method, route pattern, status, duration, request id and project', async () => {
    const res = await api.get('/v1/bot/readall', { project_id: s.projectId });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = requests.find((r) => r.request_id === id);
    expect(line).toMatchObject({ method: 'GET', route: '/v1/bot/readall', status: 200, project_id: s.projectId });
    expect(line!.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("keeps the caller's X-Request-Id, answers it back and quotes it in the error body", async () => {
    const res = await stack.app.request(
      `/v1/bot/heartbeat/read?project_id=${s.projectId}&heartbeat_id=00000000-0000-4000-8000-000000000000`,
      { headers: { authorization: `Bearer ${s.key}`, 'x-request-id': 'support-case-1234' } },
    );
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('support-case-1234');
    expect(((await res.json()) as { error: { request_id: string } }).error.request_id).toBe('support-case-1234');
    expect(requests.find((r) => r.request_id === 'support-case-1234')).toMatchObject({
      route: '/v1/bot/heartbeat/read',
      status: 404,
    });
  });
});

describe('the run log', () => {
  it('has one line per run: heartbeat, run key, status, duration, tokens and credits', async () => {
    const created = await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'Log me',
      interval_minutes: 60,
    });
    const id = created.body.heartbeat.uuid as string;
    const triggered = await api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: id });
    expect(triggered.status).toBe(200);
    const lines = runs.filter((r) => r.heartbeat_id === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'manual', status: 'success', reason: null, lateness_ms: null });
    expect(lines[0]!.run_key).toContain(`${id}:manual:`);
    expect(lines[0]!.tokens).toBe(triggered.body.result.tokens_used);
    expect(lines[0]!.credits).toBe(triggered.body.result.credits_charged);
  });

  it('has a line with its reason for a run skipped because the budget is used up', async () => {
    const created = await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'No budget',
      interval_minutes: 60,
      credit_budget: 0,
    });
    const id = created.body.heartbeat.uuid as string;
    await api.post('/v1/bot/heartbeat/trigger', { project_id: s.projectId, heartbeat_id: id });
    expect(runs.filter((r) => r.heartbeat_id === id)).toMatchObject([
      { status: 'skipped', reason: 'budget_exhausted', tokens: 0, credits: 0 },
    ]);
  });
});

describe("the Temporal SDK's log lines", () => {
  it('go through the same logger: warnings and errors at the info level, everything when debugging', () => {
    const lines: Array<{ level: number; msg: string; component: string; taskQueue?: string }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const quiet = sdkLogger(createLogger({ logLevel: 'info' }, 'worker', sink));
    quiet.info('Worker state changed', { taskQueue: 'q' });
    quiet.warn('Activity failed', { taskQueue: 'q' });
    const chatty = sdkLogger(createLogger({ logLevel: 'debug' }, 'worker', sink));
    chatty.debug('Polling', {});
    expect(lines.map((l) => [l.msg, l.component])).toEqual([
      ['Activity failed', 'temporal'],
      ['Polling', 'temporal'],
    ]);
    expect(lines[0]!.taskQueue).toBe('q');
  });
});
