import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthEnv } from '../auth.js';
import { ApiError } from '../errors.js';
import { errorResponses, json } from '../openapi.js';
import { botRef, pagination, projectId, uuid } from '../schemas.js';
import { loadBot } from '../services/bots.js';
import type { HeartbeatDeps } from '../services/heartbeats.js';
import { pageInfo } from '../../db/queries/pages.js';

const tool = z
  .object({
    uuid: z.string(),
    bot_id: z.string(),
    server_label: z.string(),
    server_url: z.string(),
    header_names: z
      .array(z.string())
      .openapi({ description: 'Names only: header values are secrets and never returned' }),
    created_at: z.string(),
  })
  .openapi('Tool');

const connectBody = z.object({
  project_id: projectId,
  bot_id: uuid,
  server_label: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and -, at most 40'),
  server_url: z.url(),
  headers: z.record(z.string(), z.string()).optional(),
});

const notification = z
  .object({
    uuid: z.string(),
    bot_id: z.string(),
    heartbeat_id: z.string().nullable(),
    member_id: z.string().nullable(),
    run_key: z.string(),
    title: z.string(),
    body: z.string(),
    delivery_status: z.string(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Notification');

const toTool = (row: {
  id: string;
  bot_id: string;
  server_label: string;
  server_url: string;
  headers: Record<string, string>;
  created_at: Date;
}) => ({
  uuid: row.id,
  bot_id: row.bot_id,
  server_label: row.server_label,
  server_url: row.server_url,
  header_names: Object.keys(row.headers ?? {}),
  created_at: row.created_at.toISOString(),
});

/** Connected MCP servers of a bot. */
export function toolRoutes(deps: HeartbeatDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const tags = ['Tools'];
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: "List a bot's connected MCP servers",
      request: { query: botRef },
      responses: { 200: json(z.object({ tools: z.array(tool) }), 'The tools'), ...errorResponses },
    }),
    async (c) => {
      const bot = await loadBot(deps.db, c.get('owner').project.id, c.req.valid('query').bot_id);
      const rows = await deps.db
        .selectFrom('bot_tools')
        .selectAll()
        .where('bot_id', '=', bot.id)
        .orderBy('created_at')
        .execute();
      return c.json({ tools: rows.map(toTool) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Connect an MCP server (streamable HTTP) to a bot',
      request: { body: json(connectBody) },
      responses: { 200: json(z.object({ tool }), 'The connected tool'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const owner = c.get('owner');
      const bot = await loadBot(deps.db, owner.project.id, body.bot_id);
      const row = await deps.db
        .insertInto('bot_tools')
        .values({
          project_id: owner.project.id,
          bot_id: bot.id,
          server_label: body.server_label,
          server_url: body.server_url,
          headers: JSON.stringify(body.headers ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return c.json({ tool: toTool(row) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/',
      tags,
      summary: 'Disconnect an MCP server',
      request: { query: z.object({ project_id: projectId, tool_id: uuid }) },
      responses: { 200: json(z.object({ deleted: z.boolean(), tool }), 'The removed tool'), ...errorResponses },
    }),
    async (c) => {
      const row = await deps.db
        .deleteFrom('bot_tools')
        .where('id', '=', c.req.valid('query').tool_id)
        .where('project_id', '=', c.get('owner').project.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new ApiError('tool_not_found', 'No tool with that tool_id in this project.');
      return c.json({ deleted: true, tool: toTool(row) }, 200);
    },
  );
  return app;
}

/** Notifications stored by notify_user. */
export function notificationRoutes(deps: HeartbeatDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readall',
      tags: ['Notifications'],
      summary: 'Notifications sent by heartbeats, newest first',
      request: {
        query: z.object({
          project_id: projectId,
          member_id: uuid.optional(),
          heartbeat_id: uuid.optional(),
          page: z.coerce.number().int().min(1).default(1),
          per_page: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
      responses: {
        200: json(z.object({ notifications: z.array(notification), pagination }), 'A page of notifications'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      let base = deps.db.selectFrom('notifications').where('project_id', '=', c.get('owner').project.id);
      if (q.member_id) base = base.where('member_id', '=', q.member_id);
      if (q.heartbeat_id) base = base.where('heartbeat_id', '=', q.heartbeat_id);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(q.per_page)
          .offset((q.page - 1) * q.per_page)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return c.json(
        {
          notifications: rows.map((r) => ({
            uuid: r.id,
            bot_id: r.bot_id,
            heartbeat_id: r.heartbeat_id,
            member_id: r.member_id,
            run_key: r.run_key,
            title: r.title,
            body: r.body,
            delivery_status: r.delivery_status,
            delivered_at: r.delivered_at ? r.delivered_at.toISOString() : null,
            created_at: r.created_at.toISOString(),
          })),
          pagination: pageInfo(q, count.n),
        },
        200,
      );
    },
  );
  return app;
}
