/**
 * A run whose bot's secret is sealed under a key the worker lacks (SECRETS_KEY changed without
 * SECRETS_KEY_PREVIOUS) fails once, free, saying what to do, instead of being retried five times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { createSecretBox } from '../../secrets.js';
import { caller, createStack, seedProject, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('a secret sealed under a key the worker lacks', () => {
  it('ends the run once as an error that says so, charging nothing', async () => {
    const s = await seedProject(stack.db, 'pro');
    const api = caller(stack.app, s.key);
    const otherKey = createSecretBox(Buffer.alloc(32, 9));
    await stack.db
      .insertInto('bot_tools')
      .values({
        project_id: s.projectId,
        bot_id: s.botId,
        server_label: 'docs',
        server_url: 'http://127.0.0.1:9/mcp',
        headers: JSON.stringify({ Authorization: otherKey.seal('Bearer t', 'mcp_header') }),
      })
      .execute();
    const hb = await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'Check',
      interval_minutes: 60,
      enabled: false,
    });
    const res = await api.post('/v1/bot/heartbeat/trigger', {
      project_id: s.projectId,
      heartbeat_id: hb.body.heartbeat.uuid,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await stack.db
      .selectFrom('heartbeat_runs')
      .selectAll()
      .where('heartbeat_id', '=', hb.body.heartbeat.uuid)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'error',
      error_code: 'secret_unreadable',
      attempts: 1,
      credits_charged: 0,
    });
    expect(rows[0]!.error_message).toContain('SECRETS_KEY_PREVIOUS');
    // One attempt: no retry could open it.
    const history = await stack.client.workflow.getHandle(heartbeatWorkflowId(hb.body.heartbeat.uuid)).fetchHistory();
    const attempts = history.events!.flatMap((e) => e.activityTaskStartedEventAttributes?.attempt ?? []);
    expect(attempts.length).toBeGreaterThan(0);
    expect(Math.max(...attempts)).toBe(1);
  });
});
