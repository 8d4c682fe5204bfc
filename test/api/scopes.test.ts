/** Key scopes over REST: read-only keys and keys bound to one bot. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../db/queries/api-keys.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let p: Seed;
let full: ReturnType<typeof caller>;
let otherBot: string;
let mine: string;
let theirs: string;

beforeAll(async () => {
  stack = await createStack();
  p = await seedProject(stack.db, 'pro');
  full = caller(stack.app, p.key);
  otherBot = (await full.post('/v1/bot/create', { project_id: p.projectId, name: 'Other', heartbeat: true })).body.bot
    .uuid;
  const hb = (botId: string) =>
    full.post('/v1/bot/heartbeat/configure', { project_id: p.projectId, bot_id: botId, prompt: 'Check' });
  mine = (await hb(p.botId)).body.heartbeat.uuid;
  theirs = (await hb(otherBot)).body.heartbeat.uuid;
});
afterAll(async () => {
  await stack?.close();
});

const keyFor = async (scope: 'heartbeats:read' | 'heartbeats:write', botId: string | null = null) =>
  caller(stack.app, (await issueApiKey(stack.db, p.projectId, scope, { scope, bot_id: botId })).key);

/** One valid request for every operation that changes something, by operationId. */
function writes(): Record<string, () => Promise<{ status: number; body: any }>> {
  const project_id = p.projectId;
  return {
    createHeartbeat: () => api.post('/v1/bot/heartbeat/configure', { project_id, bot_id: p.botId, prompt: 'x' }),
    enableHeartbeat: () => api.post('/v1/bot/heartbeat/enable', { project_id, heartbeat_id: mine }),
    disableHeartbeat: () => api.post('/v1/bot/heartbeat/disable', { project_id, heartbeat_id: mine }),
    triggerHeartbeat: () => api.post('/v1/bot/heartbeat/trigger', { project_id, heartbeat_id: mine }),
    deleteHeartbeat: () => api.del('/v1/bot/heartbeat/delete', { project_id, heartbeat_id: mine }),
    createSubscriber: () => api.post('/v1/bot/subscriber/create', { project_id, name: 'Ann' }),
    deleteSubscriber: () => api.del('/v1/bot/subscriber/delete', { project_id, member_id: randomUUID() }),
    connectTool: () =>
      api.post('/v1/bot/tool', {
        project_id,
        bot_id: p.botId,
        server_label: 'x',
        server_url: 'http://127.0.0.1:9/mcp',
      }),
    disconnectTool: () => api.del('/v1/bot/tool', { project_id, tool_id: randomUUID() }),
    createBot: () => api.post('/v1/bot/create', { project_id, name: 'New' }),
    updateBot: () => api.put('/v1/bot/update', { project_id, bot_id: p.botId, name: 'Renamed' }),
    deleteBot: () => api.del('/v1/bot/delete', { project_id, bot_id: otherBot }),
  };
}
let api: ReturnType<typeof caller>;

describe('key scopes over REST', () => {
  it('covers every operation of the OpenAPI document that changes something', async () => {
    const doc = (await (await stack.app.request('/openapi.json')).json()) as { paths: Record<string, any> };
    const changing = Object.values(doc.paths).flatMap((ops) =>
      Object.entries(ops as Record<string, { operationId: string }>)
        .filter(([method]) => method !== 'get')
        .map(([, op]) => op.operationId),
    );
    // A preview changes nothing: any key may preview.
    expect(changing.filter((id) => id !== 'previewHeartbeat').sort()).toEqual(Object.keys(writes()).sort());
  });

  it('a read-only key reads everything and changes nothing: 403 insufficient_scope', async () => {
    api = await keyFor('heartbeats:read');
    expect((await api.get('/v1/bot/heartbeat/read', { project_id: p.projectId, heartbeat_id: theirs })).status).toBe(
      200,
    );
    expect((await api.get('/v1/bot/readall', { project_id: p.projectId })).status).toBe(200);
    const preview = await api.post('/v1/bot/heartbeat/preview', { project_id: p.projectId, bot_id: p.botId });
    expect(preview.status).toBe(200);
    for (const [operation, call] of Object.entries(writes())) {
      const res = await call();
      expect({ operation, status: res.status, code: res.body.error?.code }).toEqual({
        operation,
        status: 403,
        code: 'insufficient_scope',
      });
    }
    const after = await full.get('/v1/bot/heartbeat/read', { project_id: p.projectId, heartbeat_id: mine });
    expect(after.body.heartbeat).toMatchObject({ uuid: mine, version: 1, enabled: false });
  });

  it("a write key bound to one bot changes that bot's heartbeats only, and manages nothing else", async () => {
    api = await keyFor('heartbeats:write', p.botId);
    const project_id = p.projectId;
    expect(
      (await api.post('/v1/bot/heartbeat/enable', { project_id, heartbeat_id: mine })).body.heartbeat,
    ).toMatchObject({ enabled: true, updated_via: 'api' });
    expect((await api.get('/v1/bot/heartbeat/read', { project_id, heartbeat_id: theirs })).status).toBe(200);
    for (const res of [
      await api.post('/v1/bot/heartbeat/configure', { project_id, bot_id: otherBot, prompt: 'x' }),
      await api.post('/v1/bot/heartbeat/configure', {
        project_id,
        bot_id: otherBot,
        heartbeat_id: theirs,
        prompt: 'y',
      }),
      await api.post('/v1/bot/heartbeat/enable', { project_id, heartbeat_id: theirs }),
      await api.post('/v1/bot/heartbeat/trigger', { project_id, heartbeat_id: theirs }),
      await api.del('/v1/bot/heartbeat/delete', { project_id, heartbeat_id: theirs }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('bot_outside_key_scope');
    }
    const untouched = await full.get('/v1/bot/heartbeat/read', { project_id, heartbeat_id: theirs });
    expect(untouched.body.heartbeat).toMatchObject({ prompt: 'Check', enabled: false, version: 1 });
    for (const op of ['createBot', 'updateBot', 'deleteBot', 'createSubscriber', 'connectTool']) {
      const res = await writes()[op]!();
      expect({ op, code: res.body.error?.code }).toEqual({ op, code: 'insufficient_scope' });
    }
  });

  it('GET /v1/key names the project and the grant, without a project_id', async () => {
    const fullKey = await full.get('/v1/key', {});
    expect(fullKey.status).toBe(200);
    expect(fullKey.body).toMatchObject({
      key: { prefix: p.key.slice(0, 10), scope: 'full', bot_id: null, access: 'full access' },
      project: { id: p.projectId, plan: 'pro', rate_limit_per_minute: 200 },
    });
    const bound = await (await keyFor('heartbeats:write', p.botId)).get('/v1/key', {});
    expect(bound.body.key).toMatchObject({ scope: 'heartbeats:write', bot_id: p.botId });
    expect(bound.body.key.access).toContain(p.botId);
    const someoneElse = await seedProject(stack.db, 'pro');
    const mismatch = await caller(stack.app, someoneElse.key).get('/v1/key', { project_id: p.projectId });
    expect(mismatch.body.error.code).toBe('project_mismatch');
  });
});
