/**
 * Real servers on loopback for the tests: a scripted OpenAI-compatible model, an MCP server and a
 * webhook receiver.
 */
import { Webhook } from 'standardwebhooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen, readBody } from '../../dev/peers.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export type ScriptStep =
  | { answer: string; tokens?: [number, number] }
  | { toolCalls: Array<{ name: string; args: Record<string, unknown> }>; tokens?: [number, number] }
  | { status: number; message?: string }
  /** Answers only after `hangMs`: longer than the client's timeout, it is a timeout. */
  | { hangMs: number };

/**
 * An OpenAI-compatible Chat Completions server that answers from a script: final answers, tool
 * calls, usage, or HTTP errors on demand. Records every request it got.
 */
export async function startScriptedOpenAI(script: ScriptStep[]) {
  const requests: Array<{ model: string; messages: any[]; tools?: any[] }> = [];
  let callId = 0;
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req));
    requests.push(body);
    const step = script.shift();
    res.setHeader('content-type', 'application/json');
    if (!step) {
      res.writeHead(500).end(JSON.stringify({ error: { message: 'script exhausted' } }));
      return;
    }
    if ('hangMs' in step) {
      await new Promise((r) => setTimeout(r, step.hangMs));
      if (!res.destroyed) res.writeHead(503).end(JSON.stringify({ error: { message: 'too late' } }));
      return;
    }
    if ('status' in step) {
      res
        .writeHead(step.status)
        .end(JSON.stringify({ error: { message: step.message ?? `scripted ${step.status}`, type: 'scripted' } }));
      return;
    }
    const [prompt, completion] = step.tokens ?? [100, 20];
    const message =
      'answer' in step
        ? { role: 'assistant', content: step.answer }
        : {
            role: 'assistant',
            content: null,
            tool_calls: step.toolCalls.map((c) => ({
              id: `call_${++callId}`,
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.args) },
            })),
          };
    res.writeHead(200).end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message, finish_reason: 'answer' in step ? 'stop' : 'tool_calls' }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
      }),
    );
  });
  const url = await listen(server);
  return { baseURL: `${url}/v1`, requests, script, close: () => close(server) };
}

/** A real MCP server (official SDK, streamable HTTP, stateless) with a weather tool and a failing tool. */
export async function startMcpServer() {
  const seenHeaders: Array<Record<string, string | string[] | undefined>> = [];
  const calls: Array<{ tool: string; args: unknown }> = [];
  const server = createServer(async (req, res) => {
    seenHeaders.push(req.headers);
    const mcp = new McpServer({ name: 'weather', version: '1.0.0' });
    mcp.registerTool(
      'lookup',
      { description: 'Weather for a city', inputSchema: { city: z.string() } },
      async ({ city }) => {
        calls.push({ tool: 'lookup', args: { city } });
        return { content: [{ type: 'text', text: `Sunny, 21°C in ${city}` }] };
      },
    );
    mcp.registerTool('broken', { description: 'Always fails' }, async () => {
      calls.push({ tool: 'broken', args: {} });
      throw new Error('the weather station is offline');
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    const raw = await readBody(req);
    await transport.handleRequest(req, res, raw ? JSON.parse(raw) : undefined);
  });
  const url = await listen(server);
  return { url: `${url}/mcp`, seenHeaders, calls, close: () => close(server) };
}

/** A webhook receiver that verifies each delivery's Standard Webhooks signature with the library. */
export async function startWebhookReceiver(secret: () => string) {
  const received: Array<{ body: any; signatureValid: boolean; idempotencyKey: string | undefined; id: string }> = [];
  /** What the receiver answers: 204, or an error status to make deliveries retry. */
  const control = { status: 204 };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let signatureValid = true;
    try {
      new Webhook(secret()).verify(raw, req.headers as Record<string, string>);
    } catch {
      signatureValid = false;
    }
    received.push({
      body: JSON.parse(raw),
      signatureValid,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      id: req.headers['webhook-id'] as string,
    });
    res.writeHead(control.status).end();
  });
  const url = await listen(server);
  return { url: `${url}/hook`, received, control, close: () => close(server) };
}

/**
 * A precheck endpoint: answers each GET with `answer` (a status and an optional JSON body) and
 * records whether its Standard Webhooks signature verified with `secret()` (when there is one).
 */
export async function startPrecheckServer(secret: () => string | undefined) {
  const control: { answer: { status: number; body?: unknown; raw?: string } } = {
    answer: { status: 200, body: { changed: false } },
  };
  const received: Array<{ method: string; signatureValid: boolean | null; headers: IncomingMessage['headers'] }> = [];
  const server = createServer(async (req, res) => {
    await readBody(req);
    const key = secret();
    let signatureValid: boolean | null = null;
    if (key) {
      try {
        new Webhook(key).verify('', req.headers as Record<string, string>);
        signatureValid = true;
      } catch {
        signatureValid = false;
      }
    }
    received.push({ method: req.method ?? '', signatureValid, headers: req.headers });
    const { status, body, raw } = control.answer;
    if (body !== undefined) res.setHeader('content-type', 'application/json');
    res.writeHead(status).end(raw ?? (body === undefined ? undefined : JSON.stringify(body)));
  });
  const url = await listen(server);
  return { url: `${url}/precheck`, received, control, close: () => close(server) };
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

export type HostileMode = 'huge_list' | 'hang_list' | 'hang_call' | 'error_body';

/**
 * An MCP server (JSON-RPC over streamable HTTP, by hand) that misbehaves after a proper
 * `initialize`, as `mode` says: a tool list of tens of megabytes, a list or a tool call that
 * never answers, or a 500 whose body is large and full of control characters. `seen` calls back
 * with each JSON-RPC method as it arrives; `closed` counts requests the client gave up on.
 */
export async function startHostileMcpServer(mode: HostileMode, seen: (method: string) => void = () => undefined) {
  const stats = { closed: 0, bytesWritten: 0 };
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST') return res.writeHead(405).end(); // no server-initiated stream
    const message = JSON.parse((await readBody(req)) || '{}') as { id?: number; method?: string; params?: any };
    seen(message.method ?? '');
    res.on('close', () => !res.writableFinished && stats.closed++);
    const reply = (result: unknown) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
    if (message.method === 'initialize')
      return reply({
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: 'hostile', version: '1.0.0' },
      });
    if (message.id === undefined) return res.writeHead(202).end();
    if (mode === 'error_body')
      return res.writeHead(500, { 'content-type': 'text/plain' }).end(`${'\u0000\u0007boom '.repeat(20_000)}`);
    if (message.method === 'tools/list' && mode === 'huge_list') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const tool = (i: number) =>
        JSON.stringify({ name: `t${i}`, description: 'd'.repeat(2_000), inputSchema: { type: 'object' } });
      res.write(`{"jsonrpc":"2.0","id":${message.id},"result":{"tools":[${tool(0)}`);
      for (let i = 1; i < 20_000 && !res.destroyed; i++) {
        const chunk = `,${tool(i)}`;
        stats.bytesWritten += chunk.length;
        if (!res.write(chunk)) await drainedOrClosed(res);
      }
      return res.destroyed ? undefined : res.end(']}}');
    }
    if (message.method === 'tools/list')
      return mode === 'hang_list'
        ? undefined
        : reply({ tools: [{ name: 'wait', description: 'Waits', inputSchema: { type: 'object' } }] });
    if (message.method === 'tools/call') return undefined; // hang_call: never answers
    return reply({});
  });
  const url = await listen(server);
  return {
    url: `${url}/mcp`,
    stats,
    close: () => {
      server.closeAllConnections();
      return close(server);
    },
  };
}
