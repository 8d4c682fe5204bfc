/**
 * /v1/bot/heartbeat handlers: parse, call the heartbeat and run services, answer. The answers are
 * shared with the MCP server's tools.
 */
import type { z } from '@hono/zod-openapi';
import type { Heartbeat } from '../../../db/database.js';
import { toHeartbeat, toLogEntry, toRunResult } from '../../mappers.js';
import { cursorOf, type AppRouteHandler, type Requester } from '../../openapi.js';
import {
  configureHeartbeat,
  deleteHeartbeat,
  listHeartbeats,
  previewHeartbeat,
  readHeartbeat,
  setHeartbeatEnabled,
  triggerHeartbeat,
} from '../../services/heartbeats.js';
import { forecastsOf } from '../../services/forecast.js';
import { heartbeatStats, listLogs } from '../../services/runs.js';
import { listVersions } from '../../services/versions.js';
import type * as routes from './routes.js';
import type * as schemas from './schemas.js';
import type { versionsQuery } from './version-schemas.js';

type In<S extends z.ZodType> = z.output<S>;

/** Heartbeat reads with their forecasts. */
async function views(v: Requester, rows: Heartbeat[]) {
  const forecasts = await forecastsOf(v.deps, v.owner, rows);
  return rows.map((row) => toHeartbeat(row, v.owner.project.billing_anchor, v.deps.now(), forecasts.get(row.id)!));
}
const view = async (v: Requester, row: Heartbeat) => (await views(v, [row]))[0]!;

/**
 * What each operation answers, from its validated input: the REST handlers below and the MCP
 * server's tools (api/mcp/) both call these, so the two surfaces answer alike.
 */
export const heartbeatAnswers = {
  configure: async (v: Requester, body: In<typeof schemas.configureBody>) => ({
    heartbeat: await view(v, await configureHeartbeat(v.deps, v.owner, body)),
  }),
  preview: async (v: Requester, { count, from, ...body }: In<typeof schemas.previewBody>) => ({
    preview: await previewHeartbeat(v.deps, v.owner, body, count, from),
  }),
  readAll: async (v: Requester, q: In<typeof schemas.listHeartbeatsQuery>) => {
    const { rows, pagination } = await listHeartbeats(v.deps, v.owner, q, q);
    return { heartbeats: await views(v, rows), pagination };
  },
  read: async (v: Requester, q: In<typeof schemas.heartbeatRef>) => ({
    heartbeat: await view(v, await readHeartbeat(v.deps, v.owner, q.heartbeat_id)),
  }),
  setEnabled: async (v: Requester, ref: In<typeof schemas.heartbeatRef>, enabled: boolean) => ({
    heartbeat: await view(v, await setHeartbeatEnabled(v.deps, v.owner, ref.heartbeat_id, enabled)),
  }),
  /** The run's result, or (still running at the deadline) where to find it. */
  trigger: async (
    v: Requester,
    ref: In<typeof schemas.heartbeatRef>,
    idempotencyKey: string | undefined,
  ): Promise<{ result: ReturnType<typeof toRunResult> } | In<typeof schemas.triggerAccepted>> => {
    const answer = await triggerHeartbeat(v.deps, v.owner, ref.heartbeat_id, idempotencyKey);
    if (answer.state === 'done') return { result: toRunResult(answer.result) };
    return {
      accepted: true as const,
      status: 'running' as const,
      run_key: answer.run_key,
      message:
        'The run is under way; the logs show it by its run_key once it is recorded ' +
        '(GET /v1/bot/heartbeat/logs?run_key=…, or the MCP tool heartbeat_logs).',
    };
  },
  remove: async (v: Requester, q: In<typeof schemas.heartbeatRef>) => ({
    deleted: true,
    heartbeat: await view(v, await deleteHeartbeat(v.deps, v.owner, q.heartbeat_id)),
  }),
  logs: async (v: Requester, q: In<typeof schemas.logsQuery>) => {
    const { rows, pagination, next } = await listLogs(
      v.deps,
      {
        projectId: v.owner.project.id,
        heartbeatId: q.heartbeat_id,
        memberId: q.member_id,
        botId: q.bot_id,
        status: q.status,
        type: q.type,
        outcome: q.outcome,
        runKey: q.run_key,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      },
      { ...q, after: q.cursor },
    );
    return {
      total: pagination.total,
      logs: rows.map(toLogEntry),
      pagination,
      next_cursor: next ? cursorOf(next) : null,
    };
  },
  versions: async (v: Requester, { page, per_page, ...q }: In<typeof versionsQuery>) => {
    const { versions, pagination } = await listVersions(v.deps, v.owner, q, { page, per_page });
    return { total: pagination.total, versions, pagination };
  },
  statistics: async (v: Requester, q: In<typeof schemas.statsQuery>) => ({
    stats: await heartbeatStats(
      v.deps,
      { projectId: v.owner.project.id, heartbeatId: q.heartbeat_id, memberId: q.member_id, botId: q.bot_id },
      q.days,
      v.deps.now(),
    ),
  }),
};
const answers = heartbeatAnswers;

export const configure: AppRouteHandler<typeof routes.configure> = async (c) =>
  c.json(await answers.configure(c.var, c.req.valid('json')), 200);

export const preview: AppRouteHandler<typeof routes.preview> = async (c) =>
  c.json(await answers.preview(c.var, c.req.valid('json')), 200);

export const readAll: AppRouteHandler<typeof routes.readAll> = async (c) =>
  c.json(await answers.readAll(c.var, c.req.valid('query')), 200);

export const read: AppRouteHandler<typeof routes.read> = async (c) =>
  c.json(await answers.read(c.var, c.req.valid('query')), 200);

export const enable: AppRouteHandler<typeof routes.enable> = async (c) =>
  c.json(await answers.setEnabled(c.var, c.req.valid('json'), true), 200);

export const disable: AppRouteHandler<typeof routes.disable> = async (c) =>
  c.json(await answers.setEnabled(c.var, c.req.valid('json'), false), 200);

export const trigger: AppRouteHandler<typeof routes.trigger> = async (c) => {
  const answer = await answers.trigger(c.var, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
  return 'result' in answer ? c.json(answer, 200) : c.json(answer, 202);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) =>
  c.json(await answers.remove(c.var, c.req.valid('query')), 200);

export const logs: AppRouteHandler<typeof routes.logs> = async (c) => {
  const answer = await answers.logs(c.var, c.req.valid('query'));
  if (answer.next_cursor) {
    const next = new URL(c.req.url);
    next.searchParams.delete('page');
    next.searchParams.set('cursor', answer.next_cursor);
    c.header('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  return c.json(answer, 200);
};

export const statistics: AppRouteHandler<typeof routes.statistics> = async (c) =>
  c.json(await answers.statistics(c.var, c.req.valid('query')), 200);

export const versions: AppRouteHandler<typeof routes.versions> = async (c) =>
  c.json(await answers.versions(c.var, c.req.valid('query')), 200);
