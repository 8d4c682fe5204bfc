/** What the agent tests share: waiting for a condition, and a heartbeat configured through the API. */
import { afterAll, beforeAll, expect } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { startScriptedOpenAI } from './loopback.js';
import { caller, createStack, seedProject, type Stack } from './stack.js';

/** Polls `probe` until `accept` holds (or the time is up): the tests wait for conditions, never for time. */
export async function eventually<T>(probe: () => T | Promise<T>, accept: (v: T) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A project of its own whose bot is updated with `bot` (when given), and a heartbeat configured
 * with `options`; with what the tests do to it.
 */
export async function agentHeartbeat(
  stack: Stack,
  options: Record<string, unknown>,
  bot: Record<string, unknown> = {},
) {
  const s = await seedProject(stack.db, 'pro');
  const api = caller(stack.app, s.key);
  const updated = Object.keys(bot).length
    ? await api.put('/v1/bot/update', { project_id: s.projectId, bot_id: s.botId, ...bot })
    : undefined;
  const hb = await api.post('/v1/bot/heartbeat/configure', { project_id: s.projectId, bot_id: s.botId, ...options });
  expect(hb.status).toBe(200);
  const id: string = hb.body.heartbeat.uuid;
  const ref = { project_id: s.projectId, heartbeat_id: id };
  return {
    s,
    api,
    id,
    heartbeat: hb.body.heartbeat,
    webhookSecret: updated?.body.webhook_secret as string | undefined,
    /** Triggers a run; its result. */
    trigger: async () => (await api.post('/v1/bot/heartbeat/trigger', ref)).body.result,
    logs: async (query: Record<string, string> = {}) =>
      (await api.get('/v1/bot/heartbeat/logs', { ...ref, ...query })).body,
    lastLog: async () => (await api.get('/v1/bot/heartbeat/logs', ref)).body.logs[0],
    notifications: async () => (await api.get('/v1/bot/notification/readall', ref)).body.notifications as any[],
    stats: async () => (await api.get('/v1/bot/heartbeat/stats', { project_id: s.projectId, days: 1 })).body.stats,
  };
}

/**
 * Whether the heartbeat's workflow has settled into its first sleep: its timer started and every
 * status write it began (none, when the API started it with the status the row shows) completed.
 */
export async function settledIntoSleep(stack: Stack, heartbeatId: string): Promise<boolean> {
  const history = await stack.client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).fetchHistory();
  const events = history.events ?? [];
  const writes = events
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'saveHeartbeatStatus')
    .map((e) => String(e.eventId));
  const done = new Set(events.map((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId)));
  return events.some((e) => e.timerStartedEventAttributes) && writes.every((w) => done.has(w));
}

/**
 * A test file's real stack whose provider is a scripted OpenAI-compatible server on loopback: set
 * up before the file's tests and closed after them.
 */
export function scriptedStack(opts: Parameters<typeof createStack>[0] = {}) {
  const suite = {} as {
    openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
    stack: Stack;
    provider: OpenAIProvider;
  };
  beforeAll(async () => {
    suite.openai = await startScriptedOpenAI([]);
    suite.provider = new OpenAIProvider({
      baseURL: suite.openai.baseURL,
      apiKey: 'sk-test',
      maxRetries: 0,
      timeoutMs: 5000,
    });
    suite.stack = await createStack({ provider: suite.provider, ...opts });
  });
  afterAll(async () => {
    await suite.stack?.close();
    await suite.openai?.close();
  });
  return suite;
}
