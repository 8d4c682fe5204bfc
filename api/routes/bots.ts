import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth.js';
import { toBot } from '../mappers.js';
import { errorResponses, json } from '../openapi.js';
import { bot, botRef, createBotBody, listQuery, pagination, updateBotBody } from '../schemas.js';
import { createBot, deleteBot, loadBot, updateBot } from '../services/bots.js';
import type { HeartbeatDeps } from '../services/heartbeats.js';
import { projectPage } from '../../db/queries/pages.js';

const tags = ['Bots'];
const withSecret = z.object({
  bot,
  webhook_secret: z.string().optional().openapi({ description: 'Shown once, when a webhook URL is set' }),
});

export function botRoutes(deps: HeartbeatDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const shown = (b: Parameters<typeof toBot>[0], secret: string | null) => ({
    bot: toBot(b),
    ...(secret && { webhook_secret: secret }),
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/create',
      tags,
      summary: 'Create a bot',
      request: { body: json(createBotBody) },
      responses: { 200: json(withSecret, 'The bot'), ...errorResponses },
    }),
    async (c) => {
      const { bot: row, webhookSecret } = await createBot(deps, c.get('owner'), c.req.valid('json'));
      return c.json(shown(row, webhookSecret), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/read',
      tags,
      summary: 'Read a bot',
      request: { query: botRef },
      responses: { 200: json(z.object({ bot }), 'The bot'), ...errorResponses },
    }),
    async (c) =>
      c.json({ bot: toBot(await loadBot(deps.db, c.get('owner').project.id, c.req.valid('query').bot_id)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readall',
      tags,
      summary: "List the project's bots",
      request: { query: listQuery },
      responses: { 200: json(z.object({ bots: z.array(bot), pagination }), 'A page of bots'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const projectId = c.get('owner').project.id;
      const { rows, pagination } = await projectPage(deps.db, 'bots', projectId, q);
      return c.json({ bots: rows.map(toBot), pagination }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/update',
      tags,
      summary: 'Update a bot (heartbeat: true|false|1|0 turns the feature on or off)',
      request: { body: json(updateBotBody) },
      responses: { 200: json(withSecret, 'The bot'), ...errorResponses },
    }),
    async (c) => {
      const { bot: row, webhookSecret } = await updateBot(deps, c.get('owner'), c.req.valid('json'));
      return c.json(shown(row, webhookSecret), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/delete',
      tags,
      summary: 'Delete a bot and its heartbeats',
      request: { query: botRef },
      responses: { 200: json(z.object({ deleted: z.boolean(), bot }), 'The deleted bot'), ...errorResponses },
    }),
    async (c) =>
      c.json({ deleted: true, bot: toBot(await deleteBot(deps, c.get('owner'), c.req.valid('query').bot_id)) }, 200),
  );
  return app;
}
