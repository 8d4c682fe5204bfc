/**
 * The MCP server over a real port, driven by the official SDK's client (streamable HTTP), against
 * the real stack: what an assistant connected with the README's snippet sees and can do.
 */
import { serve } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../api/app.js';
import { issueApiKey } from '../../db/queries/api-keys.js';
import { insertPlan } from '../../db/queries/plans.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';
import { uniqueId } from '../helpers/temporal.js';

let stack: Stack;
let server: ReturnType<typeof serve>;
let url: string;
let p: Seed;
let mcp: Client;
const logged: RequestLogEntry[] = [];

async function connect(key: string | undefined): Promise<Client> {
  const client = new Client({ name: 'heartbeat-test', version: '1.0.0' });
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
  return client;
}

/** A tool call's answer: the API's JSON body, and whether it is an error. */
async function callTool(client: Client, name: string, args: Record<string, unknown>) {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (res.content[0] as { text: string }).text;
  expect(JSON.parse(text)).toEqual(res.structuredContent);
  return { isError: res.isError === true, body: res.structuredContent as any };
}

beforeAll(async () => {
  stack = await createStack({ app: { requestLog: (entry) => logged.push(entry) } });
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  p = await seedProject(stack.db, 'pro');
  mcp = await connect(p.key);
});
afterAll(async () => {
  await mcp?.close();
  server?.close();
  await stack?.close();
});

describe('the MCP server', () => {
  it('lists the tools with the REST inputs as their schemas, and says which are read-only or destructive', async () => {
    const { tools } = await mcp.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        'configure_heartbeat',
        'delete_heartbeat',
        'disable_heartbeat',
        'enable_heartbeat',
        'get_heartbeat',
        'heartbeat_logs',
        'heartbeat_stats',
        'heartbeat_versions',
        'list_bots',
        'list_heartbeats',
        'preview_heartbeat',
        'trigger_heartbeat',
      ].sort(),
    );
    // configure_heartbeat takes what POST /configure documents, less project_id (the key names it).
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as any;
    // The API's document points to the MCP server and names every tool.
    expect(doc.info.description).toContain('at `/mcp`');
    for (const name of Object.keys(byName)) expect(doc.info.description).toContain(`\`${name}\``);
    const { project_id: _, ...documented } = doc.components.schemas.ConfigureHeartbeat.properties;
    const configure = byName.configure_heartbeat!.inputSchema as any;
    expect(configure.properties).toMatchObject(documented);
    expect(configure.properties.project_id).toBeUndefined();
    expect(configure.required).toEqual(['bot_id']);
    expect(configure.properties.idempotency_key).toMatchObject({ type: 'string', maxLength: 200 });
    // Query operations: their parameters, as properties.
    const logs = byName.heartbeat_logs!.inputSchema as any;
    expect(logs.properties.status).toEqual({ type: 'string', enum: ['success', 'error', 'skipped'] });
    expect(logs.properties.per_page).toMatchObject({ type: 'integer', maximum: 100 });

    for (const name of [
      'list_bots',
      'get_heartbeat',
      'preview_heartbeat',
      'heartbeat_logs',
      'heartbeat_stats',
      'heartbeat_versions',
    ])
      expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: true });
    for (const name of ['delete_heartbeat', 'disable_heartbeat'])
      expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    for (const name of ['configure_heartbeat', 'enable_heartbeat', 'trigger_heartbeat'])
      expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
  });

  it('configures, previews, triggers and reads the logs of a heartbeat, marked as changed through MCP', async () => {
    const bots = await callTool(mcp, 'list_bots', {});
    expect(bots.body.bots.map((b: { uuid: string }) => b.uuid)).toContain(p.botId);

    const schedule = { bot_id: p.botId, interval_minutes: 60, active_hours_start: '09:00', active_hours_end: '17:00' };
    const preview = await callTool(mcp, 'preview_heartbeat', { ...schedule, timezone: 'Europe/Paris', count: 3 });
    expect(preview.isError).toBe(false);
    expect(preview.body.preview.schedule_description).toBe('Every 60 minutes, 09:00–17:00, Europe/Paris');
    expect(preview.body.preview.runs).toHaveLength(3);

    const created = await callTool(mcp, 'configure_heartbeat', { ...schedule, prompt: 'Check the inbox' });
    expect(created.isError).toBe(false);
    const hb = created.body.heartbeat;
    expect(hb).toMatchObject({ bot_id: p.botId, prompt: 'Check the inbox', enabled: false, updated_via: 'mcp' });
    const rest = caller(stack.app, p.key);
    const read = await rest.get('/v1/bot/heartbeat/read', { project_id: p.projectId, heartbeat_id: hb.uuid });
    expect(read.body.heartbeat).toMatchObject({ updated_via: 'mcp', version: 1 });

    const run = await callTool(mcp, 'trigger_heartbeat', { heartbeat_id: hb.uuid });
    expect(run.body.result).toMatchObject({ status: 'success' });
    const logs = await callTool(mcp, 'heartbeat_logs', { heartbeat_id: hb.uuid });
    expect(logs.body.logs).toHaveLength(1);
    expect(logs.body.logs[0]).toMatchObject({ type: 'manual', status: 'success', prompt: 'Check the inbox' });
    const stats = await callTool(mcp, 'heartbeat_stats', { heartbeat_id: hb.uuid, days: 1 });
    expect(stats.body.stats).toMatchObject({ total_executions: 1, success_count: 1 });

    const enabled = await callTool(mcp, 'enable_heartbeat', { heartbeat_id: hb.uuid });
    expect(enabled.body.heartbeat).toMatchObject({ enabled: true, version: 2, updated_via: 'mcp' });
    // A change through REST is marked as such.
    const disabled = await rest.post('/v1/bot/heartbeat/disable', { project_id: p.projectId, heartbeat_id: hb.uuid });
    expect(disabled.body.heartbeat.updated_via).toBe('api');
    const deleted = await callTool(mcp, 'delete_heartbeat', { heartbeat_id: hb.uuid });
    expect(deleted.body).toMatchObject({ deleted: true, heartbeat: { uuid: hb.uuid, updated_via: 'mcp' } });
    const gone = await callTool(mcp, 'get_heartbeat', { heartbeat_id: hb.uuid });
    expect(gone).toMatchObject({ isError: true, body: { error: { status: 404, code: 'heartbeat_not_found' } } });

    // Each change is a request log line marked as MCP, with its tool.
    const line = logged.find((e) => e.mcp === 'tools/call configure_heartbeat');
    expect(line).toMatchObject({ via: 'mcp', route: '/mcp', method: 'POST', status: 200, project_id: p.projectId });
    const refused = logged.find((e) => e.mcp === 'tools/call get_heartbeat' && e.mcp_error);
    expect(refused?.mcp_error).toBe('heartbeat_not_found');
  });

  it('answers bad input as an isError result with the same code and details as REST', async () => {
    const rest = caller(stack.app, p.key);
    for (const bad of [
      { bot_id: p.botId, prompt: 'x', timezone: 'Mars/Olympus' },
      { bot_id: p.botId, prompt: 'x', interval_minutes: 1 },
      { bot_id: 'not-a-uuid', prompt: 'x' },
      { bot_id: p.botId, interval_minutes: 30, cron_pattern: '0 9 * * *' },
    ]) {
      const viaMcp = await callTool(mcp, 'configure_heartbeat', bad);
      const viaRest = await rest.post('/v1/bot/heartbeat/configure', { project_id: p.projectId, ...bad });
      expect(viaMcp.isError).toBe(true);
      const { request_id: _a, ...mcpError } = viaMcp.body.error;
      const { request_id: _b, ...restError } = viaRest.body.error;
      expect(mcpError).toEqual(restError);
      expect(viaRest.status).toBe(400);
    }
    const mismatch = await callTool(mcp, 'get_heartbeat', { project_id: p.botId, heartbeat_id: p.botId });
    expect(mismatch.body.error.code).toBe('project_mismatch');
  });

  it('makes a retried create or trigger safe with an idempotency key, as REST does', async () => {
    const args = { bot_id: p.botId, prompt: 'Created once through MCP', idempotency_key: `create-${uniqueId()}` };
    const first = await callTool(mcp, 'configure_heartbeat', args);
    const again = await callTool(mcp, 'configure_heartbeat', args);
    expect(again.body.heartbeat.uuid).toBe(first.body.heartbeat.uuid);
    const list = await callTool(mcp, 'list_heartbeats', { bot_id: p.botId });
    expect(
      list.body.heartbeats.filter((h: { prompt: string }) => h.prompt === 'Created once through MCP'),
    ).toHaveLength(1);
    const reused = await callTool(mcp, 'configure_heartbeat', { ...args, prompt: 'Something else' });
    expect(reused.body.error.code).toBe('idempotency_key_reused');

    const trigger = { heartbeat_id: first.body.heartbeat.uuid, idempotency_key: `run-${uniqueId()}` };
    const run = await callTool(mcp, 'trigger_heartbeat', trigger);
    expect((await callTool(mcp, 'trigger_heartbeat', trigger)).body).toEqual(run.body);
    const logs = await callTool(mcp, 'heartbeat_logs', { heartbeat_id: trigger.heartbeat_id });
    expect(logs.body.total).toBe(1);
  });

  it('serves each heartbeat as a resource and the set-up prompt', async () => {
    const hb = await callTool(mcp, 'configure_heartbeat', {
      bot_id: p.botId,
      prompt: 'Summarise the support queue',
      cron_pattern: '0 9 * * 1-5',
      timezone: 'America/New_York',
      enabled: true,
    });
    const uri = `heartbeat://${hb.body.heartbeat.uuid}`;
    const { resources } = await mcp.listResources();
    expect(resources.find((r) => r.uri === uri)).toMatchObject({ name: 'Summarise the support queue' });
    const page = await mcp.readResource({ uri });
    const text = (page.contents[0] as { text: string }).text;
    expect(text).toContain('Schedule: At 09:00, Monday through Friday, America/New_York');
    expect(text).toMatch(/## Next runs\n- (Mon|Tue|Wed|Thu|Fri) \d+ \w+ \d{4}, 09:00 E[SD]T \(in /);
    expect(text).toContain('Last changed');
    await expect(mcp.readResource({ uri: `heartbeat://${p.botId}` })).rejects.toThrow(/No heartbeat/);

    const prompt = await mcp.getPrompt({ name: 'set_up_heartbeat', arguments: { goal: 'watch the build' } });
    const words = (prompt.messages[0]!.content as { text: string }).text;
    expect(words).toContain('watch the build');
    for (const step of ['preview_heartbeat', 'active_hours_start', 'credit_budget', 'report_outcome'])
      expect(words).toContain(step);
  });
});

describe('the MCP server and the API key', () => {
  it('refuses a connection without a valid key (401)', async () => {
    for (const key of [undefined, 'hb_not-a-key-at-all-0000000000000000']) {
      const attempt = connect(key);
      await expect(attempt).rejects.toMatchObject({ code: 401 });
    }
  });

  it('honours the key scope: a read-only key reads and is refused changes; a bound key keeps to its bot', async () => {
    const reader = await connect(
      (await issueApiKey(stack.db, p.projectId, 'r', { scope: 'heartbeats:read', bot_id: null })).key,
    );
    try {
      expect((await callTool(reader, 'list_heartbeats', { bot_id: p.botId })).isError).toBe(false);
      const refused = await callTool(reader, 'configure_heartbeat', { bot_id: p.botId, prompt: 'x' });
      expect(refused).toMatchObject({ isError: true, body: { error: { status: 403, code: 'insufficient_scope' } } });
    } finally {
      await reader.close();
    }
    const other = (await caller(stack.app, p.key).post('/v1/bot/create', { project_id: p.projectId, name: 'O' })).body
      .bot.uuid;
    const bound = await connect(
      (await issueApiKey(stack.db, p.projectId, 'w', { scope: 'heartbeats:write', bot_id: p.botId })).key,
    );
    try {
      const mine = await callTool(bound, 'configure_heartbeat', { bot_id: p.botId, prompt: 'mine' });
      expect(mine.isError).toBe(false);
      const theirs = await callTool(bound, 'configure_heartbeat', { bot_id: other, prompt: 'theirs' });
      expect(theirs.body.error.code).toBe('bot_outside_key_scope');
    } finally {
      await bound.close();
    }
  });

  it("holds MCP to the plan's caps, as REST", async () => {
    const starter = await seedProject(stack.db, 'starter');
    const client = await connect(starter.key);
    try {
      const create = () => callTool(client, 'configure_heartbeat', { bot_id: starter.botId, prompt: 'x' });
      for (let i = 0; i < 3; i++) expect((await create()).isError).toBe(false);
      const fourth = await create();
      expect(fourth).toMatchObject({
        isError: true,
        body: { error: { status: 403, code: 'heartbeat_limit_reached' } },
      });
    } finally {
      await client.close();
    }
  });

  it('counts MCP and REST requests against one rate limit', async () => {
    const plan = await insertPlan(stack.db, {
      id: `mcp-${uniqueId()}`,
      heartbeat_enabled: true,
      max_heartbeats_per_bot: 5,
      min_interval_minutes: 5,
      rate_limit_per_minute: 8,
      max_bots: 5,
      max_members: 5,
      max_tools_per_bot: 1,
    });
    // MCP first, then REST is refused.
    const a = await seedProject(stack.db, plan.id);
    const client = await connect(a.key);
    let answered = 0;
    let refusal: { code?: number } | undefined;
    // The limit is 8 a minute: well before 20 calls, one is refused.
    for (let i = 0; i < 20 && !refusal; i++) {
      await client.callTool({ name: 'list_bots', arguments: {} }).then(
        () => answered++,
        (err: { code?: number }) => (refusal = err),
      );
    }
    expect(refusal?.code).toBe(429);
    expect(answered).toBeGreaterThan(0);
    const rest = await caller(stack.app, a.key).get('/v1/bot/readall', { project_id: a.projectId });
    expect(rest.status).toBe(429);
    expect(rest.body.error.code).toBe('rate_limited');
    await client.close();

    // REST first, then MCP cannot even connect.
    const b = await seedProject(stack.db, plan.id);
    const api = caller(stack.app, b.key);
    for (let i = 0; i < 20; i++)
      if ((await api.get('/v1/bot/readall', { project_id: b.projectId })).status !== 200) break;
    await expect(connect(b.key)).rejects.toMatchObject({ code: 429 });
  });
});
