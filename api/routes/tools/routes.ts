/** /v1/bot/tool routes: each operation's request and every response. */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyErrorResponses, errorResponses, json, jsonBody } from '../../openapi.js';
import { botRef } from '../bots/schemas.js';
import { connectToolBody, tool, toolRef } from './schemas.js';

const tags = ['Tools'];

export const list = createRoute({
  operationId: 'fetchTools',
  method: 'get',
  path: '/',
  tags,
  summary: "List a bot's connected MCP servers",
  request: { query: botRef },
  responses: { 200: json(z.object({ tools: z.array(tool) }), 'The tools'), ...errorResponses },
});

export const connect = createRoute({
  operationId: 'connectTool',
  method: 'post',
  path: '/',
  tags,
  summary: 'Connect an MCP server (streamable HTTP) to a bot',
  request: { body: jsonBody(connectToolBody) },
  responses: { 200: json(z.object({ tool }), 'The connected tool'), ...bodyErrorResponses },
});

export const disconnect = createRoute({
  operationId: 'disconnectTool',
  method: 'delete',
  path: '/',
  tags,
  summary: 'Disconnect an MCP server',
  request: { query: toolRef },
  responses: { 200: json(z.object({ deleted: z.boolean(), tool }), 'The removed tool'), ...errorResponses },
});
