/**
 * The tools a run offers the model: the built-in notify_user and the tools of the bot's connected MCP
 * servers.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ToolSpec } from './provider.js';

/** A connected MCP server, as the run reads it. */
export interface McpServer {
  server_label: string;
  server_url: string;
  /** Secret header values, sent to the server and nowhere else. */
  headers: Record<string, string>;
}

/** Tool names the model may use: letters, digits, `_` and `-`, at most 64 characters. */
const toolName = (label: string, name: string) => `${label}__${name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);

export interface ConnectedTools {
  specs: ToolSpec[];
  /** Calls a tool by its exposed name; an error comes back as text for the model. */
  call(name: string, args: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/**
 * Connects to the bot's MCP servers (streamable HTTP), lists their tools and exposes them under
 * `<server_label>__<tool>`. The run key travels as `Idempotency-Key` on every request. A server
 * that cannot be reached is reported to the model as unavailable rather than failing the run.
 */
export async function connectMcpTools(
  servers: McpServer[],
  runKey: string,
  fetch: typeof globalThis.fetch,
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
  for (const server of servers) {
    const client = new Client({ name: 'heartbeat', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(server.server_url), {
      requestInit: { headers: { ...server.headers, 'Idempotency-Key': runKey } },
      // Under the outbound policy, checked again at each connection.
      fetch,
    });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      clients.push(client);
      for (const tool of tools) {
        const name = toolName(server.server_label, tool.name);
        routes.set(name, { client, tool: tool.name });
        specs.push({
          name,
          description: tool.description ?? tool.name,
          parameters: tool.inputSchema as Record<string, unknown>,
        });
      }
    } catch (err) {
      unavailable.push(`${server.server_label}: ${(err as Error).message}`);
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
        const result = await route.client.callTool({ name: route.tool, arguments: args });
        const content = (result.content as Array<{ type: string; text?: string }> | undefined) ?? [];
        const text = content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
        return result.isError ? `error: ${text}` : text;
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    },
  };
}
