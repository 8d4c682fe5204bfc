/**
 * The tools a run offers the model: the tools of the bot's connected MCP servers. A server is
 * untrusted: what it answers is capped in bytes, every request ends with the run (its time limit or
 * its cancellation), and what reaches the model from it (tool names, descriptions, results, errors)
 * is bounded and sanitised.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { storableText } from '../../domain/text.js';
import type { ToolSpec } from './provider.js';

/** A connected MCP server, as the run reads it. */
export interface McpServer {
  server_label: string;
  server_url: string;
  /** Secret header values, sent to the server and nowhere else. */
  headers: Record<string, string>;
}

/** What one MCP server may cost a run. */
export const MCP_LIMITS = {
  /** Bytes of one response (a tool list, a tool's result). */
  responseBytes: 1024 * 1024,
  toolsPerServer: 64,
  descriptionChars: 1_000,
  /** A tool's result or an error, as the model reads it. */
  resultChars: 50_000,
  errorChars: 500,
} as const;

/** Tool names the model may use: letters, digits, `_` and `-`, at most 64 characters. */
const toolName = (label: string, name: string) => `${label}__${name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);

/** Text from a server for the model: no control characters (but newlines and tabs), bounded. */
const forModel = (text: string, max: number) =>
  storableText(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''), max);

export interface ConnectedTools {
  specs: ToolSpec[];
  /** Calls a tool by its exposed name; an error comes back as text for the model. */
  call(name: string, args: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** `fetch` whose responses end with `signal` and are cut off past `maxBytes`. */
export function cappedFetch(fetch: typeof globalThis.fetch, maxBytes: number, signal: AbortSignal): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    });
    const tooLarge = () => new Error(`the server answered more than ${maxBytes} bytes`);
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    if (!response.body) return response;
    let seen = 0;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) controller.error(tooLarge());
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }) as typeof fetch;
}

/**
 * Connects to the bot's MCP servers (streamable HTTP), lists their tools and exposes them under
 * `<server_label>__<tool>`. The run key travels as `Idempotency-Key` on every request. A server
 * that cannot be reached is reported to the model as unavailable rather than failing the run.
 * Everything, connecting included, happens within the run's `signal`.
 */
export async function connectMcpTools(
  servers: McpServer[],
  runKey: string,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal,
): Promise<ConnectedTools & { unavailable: string[] }> {
  if (servers.length === 0)
    return { specs: [], unavailable: [], call: async (name) => `error: no tool named ${name}`, close: async () => {} };
  // The MCP client is loaded on first use: most bots connect no servers.
  const [{ Client }, { StreamableHTTPClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
  ]);
  const routes = new Map<string, { client: Client; tool: string }>();
  const clients: Client[] = [];
  const specs: ToolSpec[] = [];
  const unavailable: string[] = [];
  const limited = cappedFetch(fetch, MCP_LIMITS.responseBytes, signal);
  const options = { signal };
  for (const server of servers) {
    const client = new Client({ name: 'heartbeat', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(server.server_url), {
      requestInit: { headers: { ...server.headers, 'Idempotency-Key': runKey } },
      // Under the outbound policy, checked again at each connection.
      fetch: limited,
    });
    try {
      await client.connect(transport, options);
      const { tools } = await client.listTools(undefined, options);
      clients.push(client);
      for (const tool of tools.slice(0, MCP_LIMITS.toolsPerServer)) {
        const name = toolName(server.server_label, tool.name);
        routes.set(name, { client, tool: tool.name });
        specs.push({
          name,
          description: forModel(tool.description ?? tool.name, MCP_LIMITS.descriptionChars),
          parameters: tool.inputSchema as Record<string, unknown>,
        });
      }
    } catch (err) {
      unavailable.push(`${server.server_label}: ${forModel((err as Error).message, MCP_LIMITS.errorChars)}`);
      await client.close().catch(() => undefined);
    }
  }
  return {
    specs,
    unavailable,
    async call(name, args) {
      const route = routes.get(name);
      if (!route) return `error: no tool named ${name}`;
      try {
        const result = await route.client.callTool({ name: route.tool, arguments: args }, undefined, options);
        const content = (result.content as Array<{ type: string; text?: string }> | undefined) ?? [];
        const text = content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
        const bounded = forModel(text, MCP_LIMITS.resultChars);
        return result.isError ? `error: ${bounded}` : bounded;
      } catch (err) {
        return `error: ${forModel((err as Error).message, MCP_LIMITS.errorChars)}`;
      }
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    },
  };
}
