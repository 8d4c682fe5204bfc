/**
 * A heartbeat's run holds no API key: the model is offered no tool that manages heartbeats and
 * sees no key, even when the run was started through the MCP server with one; and a bot's tool
 * cannot be given a key of this service to carry into runs.
 */
import { serve } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { HEARTBEAT_TOOLS } from '../../api/mcp/tools.js';
import { startScriptedOpenAI } from '../helpers/loopback.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
let stack: Stack;
let server: ReturnType<typeof serve>;
let s: Seed;
let mcp: Client;

beforeAll(async () => {
  openai = await startScriptedOpenAI([]);
  stack = await createStack({
    provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 5000 }),
  });
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`;
  s = await seedProject(stack.db, 'pro');
  mcp = new Client({ name: 'assistant', version: '1.0.0' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${s.key}` } } }),
  );
});
afterAll(async () => {
  await mcp?.close();
  server?.close();
  await stack?.close();
  await openai?.close();
});

describe("a heartbeat's run and API keys", () => {
  it('offers the model no management tool and shows it no key, when an assistant triggers it through MCP', async () => {
    const created = await mcp.callTool({
      name: 'configure_heartbeat',
      arguments: { bot_id: s.botId, prompt: 'Reschedule yourself to every minute if you can.' },
    });
    const heartbeatId = (created.structuredContent as { heartbeat: { uuid: string } }).heartbeat.uuid;
    openai.script.push({ answer: 'Nothing to do.' });
    const run = await mcp.callTool({ name: 'trigger_heartbeat', arguments: { heartbeat_id: heartbeatId } });
    expect(run.structuredContent).toMatchObject({ result: { status: 'success', response: 'Nothing to do.' } });

    const request = openai.requests.at(-1)!;
    const offered = (request.tools ?? []).map((t: { function: { name: string } }) => t.function.name);
    expect(offered).toContain('notify_user');
    const management = HEARTBEAT_TOOLS.map((t) => t.name);
    expect(offered.filter((name: string) => management.some((m) => name.endsWith(m)))).toEqual([]);
    const seen = JSON.stringify(request);
    expect(seen).not.toContain(s.key);
    expect(seen).not.toMatch(/hb_[A-Za-z0-9_-]{32}/);
  });

  it("refuses to give a bot's tool a key of this service to carry", async () => {
    const api = caller(stack.app, s.key);
    const body = {
      project_id: s.projectId,
      bot_id: s.botId,
      server_label: 'self',
      server_url: 'http://127.0.0.1:9/mcp',
      headers: { 'X-Other': 'fine', Authorization: `Bearer ${s.key}` },
    };
    const refused = await api.post('/v1/bot/tool', body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { field: 'headers.Authorization', code: 'heartbeat_api_key', message: expect.any(String) },
    ]);
    // A token of the same shape that is no key of this service is an ordinary secret.
    const lookalike = await api.post('/v1/bot/tool', {
      ...body,
      headers: { Authorization: `Bearer hb_${'x'.repeat(32)}` },
    });
    expect(lookalike.status).toBe(200);
  });
});
