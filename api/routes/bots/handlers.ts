/** /v1/bot handlers: parse, call the bot service, answer. */
import type { Bot } from '../../../db/database.js';
import { toBot } from '../../mappers.js';
import type { z } from '@hono/zod-openapi';
import type { AppRouteHandler, Requester } from '../../openapi.js';
import { createBot, deleteBot, listBots, loadBot, updateBot } from '../../services/bots.js';
import type * as routes from './routes.js';
import type { listQuery } from './schemas.js';

/** The bot, with its webhook secret the one time it is created. */
const shown = (b: Bot, secret: string | null) => ({ bot: toBot(b), ...(secret && { webhook_secret: secret }) });

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { bot, webhookSecret } = await createBot(c.var.deps, c.var.owner, c.req.valid('json'));
  return c.json(shown(bot, webhookSecret), 200);
};

export const read: AppRouteHandler<typeof routes.read> = async (c) => {
  const bot = await loadBot(c.var.deps, c.var.owner.project.id, c.req.valid('query').bot_id);
  return c.json({ bot: toBot(bot) }, 200);
};

/** A page of bots: the REST handler's answer and the MCP tool list_bots's. */
export async function botPage(v: Requester, q: z.output<typeof listQuery>) {
  const { rows, pagination } = await listBots(v.deps, v.owner, q);
  return { bots: rows.map(toBot), pagination };
}

export const readAll: AppRouteHandler<typeof routes.readAll> = async (c) =>
  c.json(await botPage(c.var, c.req.valid('query')), 200);

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { bot, webhookSecret } = await updateBot(c.var.deps, c.var.owner, c.req.valid('json'));
  return c.json(shown(bot, webhookSecret), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const bot = await deleteBot(c.var.deps, c.var.owner, c.req.valid('query').bot_id);
  return c.json({ deleted: true, bot: toBot(bot) }, 200);
};
