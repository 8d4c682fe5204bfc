/**
 * /mcp: the API as an MCP server (the official SDK's streamable HTTP transport, stateless, JSON
 * answers). app.ts puts it behind the same key, rate limit and body limits as /v1; each POST
 * carries one JSON-RPC message and gets a server of its own.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Context } from 'hono';
import { createRouter, type AppEnv } from '../openapi.js';
import type { ApiDocument } from './input-schemas.js';
import { buildServer, listTools, type ListedTool, type McpCall } from './server.js';

export type { McpCall } from './server.js';

const rpcError = (c: Context<AppEnv>, status: 400 | 405, code: number, message: string) =>
  c.json({ jsonrpc: '2.0', error: { code, message }, id: null }, status);

/** What a message asks, for the request log (a tool's name as sent, bounded). */
function callOf(message: unknown): string {
  const { method, params } = (message ?? {}) as { method?: unknown; params?: { name?: unknown } };
  if (typeof method !== 'string') return '(response)';
  const name = method === 'tools/call' && typeof params?.name === 'string' ? ` ${params.name}` : '';
  return `${method}${name}`.slice(0, 120);
}

/** `document` gives the API's OpenAPI 3.1 document: the tools' input schemas are read from it, once. */
export function mcpRoutes(document: () => object) {
  let tools: ListedTool[] | undefined;
  return createRouter()
    .post('/', async (c) => {
      let message: unknown;
      try {
        message = await c.req.json();
      } catch {
        return rpcError(c, 400, -32700, 'Parse error: the body is not JSON.');
      }
      // One message per request, so every message counts against the rate limit (the protocol
      // dropped batches in 2025-06-18).
      if (Array.isArray(message)) return rpcError(c, 400, -32600, 'Send one JSON-RPC message per request.');
      const seen: McpCall = { call: callOf(message) };
      c.set('mcp', seen);
      tools ??= listTools(document() as ApiDocument);
      const server = buildServer({ owner: c.var.owner, deps: c.var.deps }, c.var.requestId, tools, seen);
      const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
      await server.connect(transport);
      try {
        // With JSON answers the response is complete when this resolves, so the server can go.
        return await transport.handleRequest(c.req.raw, { parsedBody: message });
      } finally {
        await server.close();
      }
    })
    .on(['GET', 'DELETE'], '/', (c) => {
      c.header('Allow', 'POST');
      return rpcError(c, 405, -32000, 'This MCP server is stateless: POST one JSON-RPC message per request.');
    });
}
