import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listRuns } from '../../db/queries/runs.js';
import type { AuthEnv } from '../auth.js';
import { toHeartbeat, toLogEntry } from '../mappers.js';
import { errorResponses, json } from '../openapi.js';
import {
  configureBody,
  heartbeat,
  heartbeatRef,
  listHeartbeatsQuery,
  logEntry,
  logsQuery,
  pagination,
  runResult,
  stats,
  statsQuery,
} from '../schemas.js';
import {
  configureHeartbeat,
  deleteHeartbeat,
  loadHeartbeat,
  setHeartbeatEnabled,
  triggerHeartbeat,
  type HeartbeatDeps,
} from '../services/heartbeats.js';
import { heartbeatStats } from '../services/stats.js';
import { syncHeartbeat } from '../services/sync.js';

const tags = ['Heartbeats'];
const one = z.object({ heartbeat: heartbeat });

export function heartbeatRoutes(deps: HeartbeatDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const view = (row: Parameters<typeof toHeartbeat>[0], anchor: Date) => toHeartbeat(row, anchor, deps.now());

  app.openapi(
    createRoute({
      method: 'post',
      path: '/configure',
      tags,
      summary: 'Create a heartbeat (no heartbeat_id) or update the fields sent',
      request: {
        body: json(configureBody),
        headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
      },
      responses: { 200: json(one, 'The heartbeat as saved'), ...errorResponses },
    }),
    async (c) => {
      const owner = c.get('owner');
      const row = await configureHeartbeat(deps, owner, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      return c.json({ heartbeat: view(row, owner.project.billing_anchor) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readall',
      tags,
      summary: "List a bot's heartbeats",
      request: { query: listHeartbeatsQuery },
      responses: { 200: json(z.object({ heartbeats: z.array(heartbeat) }), 'The heartbeats'), ...errorResponses },
    }),
    async (c) => {
      const owner = c.get('owner');
      const q = c.req.valid('query');
      let query = deps.db
        .selectFrom('heartbeats')
        .selectAll()
        .where('project_id', '=', owner.project.id)
        .where('bot_id', '=', q.bot_id)
        .where('deleted_at', 'is', null);
      if (q.member_id) query = query.where('member_id', '=', q.member_id);
      const rows = await query.orderBy('created_at').execute();
      return c.json({ heartbeats: rows.map((r) => view(r, owner.project.billing_anchor)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/read',
      tags,
      summary: 'Read one heartbeat',
      request: { query: heartbeatRef },
      responses: { 200: json(one, 'The heartbeat'), ...errorResponses },
    }),
    async (c) => {
      const owner = c.get('owner');
      const row = await loadHeartbeat(deps.db, owner.project.id, c.req.valid('query').heartbeat_id);
      // Reconcile on read: a change that could not reach Temporal earlier is sent now.
      if (row.synced_version < row.version || row.synced_enabled !== row.enabled) {
        await syncHeartbeat(deps, row).catch((err: unknown) =>
          deps.log(`heartbeat ${row.id}: sync on read failed`, err),
        );
      }
      return c.json({ heartbeat: view(row, owner.project.billing_anchor) }, 200);
    },
  );

  for (const [path, enabled] of [
    ['/enable', true],
    ['/disable', false],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path,
        tags,
        summary: enabled ? 'Enable a heartbeat' : 'Disable a heartbeat (configuration kept)',
        request: { body: json(heartbeatRef) },
        responses: { 200: json(one, 'The heartbeat as it now is'), ...errorResponses },
      }),
      async (c) => {
        const owner = c.get('owner');
        const row = await setHeartbeatEnabled(deps, owner, c.req.valid('json').heartbeat_id, enabled);
        return c.json({ heartbeat: view(row, owner.project.billing_anchor) }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/trigger',
      tags,
      summary: 'Run once now, synchronously (enabled or not)',
      request: { body: json(heartbeatRef) },
      responses: { 200: json(z.object({ result: runResult }), 'The run result'), ...errorResponses },
    }),
    async (c) => {
      const result = await triggerHeartbeat(deps, c.get('owner'), c.req.valid('json').heartbeat_id);
      return c.json({ result }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/delete',
      tags,
      summary: 'Delete a heartbeat and end its workflow (logs stay)',
      request: { query: heartbeatRef },
      responses: {
        200: json(z.object({ deleted: z.boolean(), heartbeat: heartbeat }), 'The heartbeat as it was'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const owner = c.get('owner');
      const row = await deleteHeartbeat(deps, owner, c.req.valid('query').heartbeat_id);
      return c.json({ deleted: true, heartbeat: view(row, owner.project.billing_anchor) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/logs',
      tags,
      summary: 'Execution history, newest first',
      request: { query: logsQuery },
      responses: {
        200: json(z.object({ total: z.number(), logs: z.array(logEntry), pagination }), 'A page of runs'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await listRuns(
        deps.db,
        {
          projectId: c.get('owner').project.id,
          heartbeatId: q.heartbeat_id,
          memberId: q.member_id,
          botId: q.bot_id,
          status: q.status,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        },
        q.page,
        q.per_page,
      );
      return c.json(
        {
          total,
          logs: rows.map(toLogEntry),
          pagination: { page: q.page, per_page: q.per_page, total, total_pages: Math.ceil(total / q.per_page) },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/stats',
      tags,
      summary: 'Aggregates over the last `days` UTC days',
      request: { query: statsQuery },
      responses: { 200: json(z.object({ stats }), 'The aggregates'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const result = await heartbeatStats(
        deps.db,
        { projectId: c.get('owner').project.id, heartbeatId: q.heartbeat_id, memberId: q.member_id, botId: q.bot_id },
        q.days,
        deps.now(),
      );
      return c.json({ stats: result }, 200);
    },
  );

  return app;
}
