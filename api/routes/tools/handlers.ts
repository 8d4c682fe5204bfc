/** /v1/bot/tool handlers: parse, call the tool service, answer. */
import { toTool } from '../../mappers.js';
import type { AppRouteHandler } from '../../openapi.js';
import { connectTool, disconnectTool, listTools } from '../../services/tools.js';
import type * as routes from './routes.js';

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const rows = await listTools(c.var.deps, c.var.owner, c.req.valid('query').bot_id);
  return c.json({ tools: rows.map(toTool) }, 200);
};

export const connect: AppRouteHandler<typeof routes.connect> = async (c) => {
  const row = await connectTool(c.var.deps, c.var.owner, c.req.valid('json'));
  return c.json({ tool: toTool(row) }, 200);
};

export const disconnect: AppRouteHandler<typeof routes.disconnect> = async (c) => {
  const row = await disconnectTool(c.var.deps, c.var.owner, c.req.valid('query').tool_id);
  return c.json({ deleted: true, tool: toTool(row) }, 200);
};
