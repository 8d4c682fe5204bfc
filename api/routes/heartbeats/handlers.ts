/** /v1/bot/heartbeat handlers: parse, call the heartbeat and run services, answer. */
import type { Heartbeat } from '../../../db/database.js';
import { toHeartbeat, toLogEntry, toRunResult } from '../../mappers.js';
import type { AppEnv, AppRouteHandler } from '../../openapi.js';
import {
  configureHeartbeat,
  deleteHeartbeat,
  listHeartbeats,
  previewHeartbeat,
  readHeartbeat,
  setHeartbeatEnabled,
  triggerHeartbeat,
} from '../../services/heartbeats.js';
import { heartbeatStats, listLogs } from '../../services/runs.js';
import type * as routes from './routes.js';

const view = (v: AppEnv['Variables'], row: Heartbeat) => toHeartbeat(row, v.owner.project.billing_anchor, v.deps.now());

export const configure: AppRouteHandler<typeof routes.configure> = async (c) => {
  const row = await configureHeartbeat(c.var.deps, c.var.owner, c.req.valid('json'));
  return c.json({ heartbeat: view(c.var, row) }, 200);
};

export const preview: AppRouteHandler<typeof routes.preview> = async (c) => {
  const { count, from, ...body } = c.req.valid('json');
  return c.json({ preview: await previewHeartbeat(c.var.deps, c.var.owner, body, count, from) }, 200);
};

export const readAll: AppRouteHandler<typeof routes.readAll> = async (c) => {
  const rows = await listHeartbeats(c.var.deps, c.var.owner, c.req.valid('query'));
  return c.json({ heartbeats: rows.map((r) => view(c.var, r)) }, 200);
};

export const read: AppRouteHandler<typeof routes.read> = async (c) => {
  const row = await readHeartbeat(c.var.deps, c.var.owner, c.req.valid('query').heartbeat_id);
  return c.json({ heartbeat: view(c.var, row) }, 200);
};

export const enable: AppRouteHandler<typeof routes.enable> = async (c) => {
  const row = await setHeartbeatEnabled(c.var.deps, c.var.owner, c.req.valid('json').heartbeat_id, true);
  return c.json({ heartbeat: view(c.var, row) }, 200);
};

export const disable: AppRouteHandler<typeof routes.disable> = async (c) => {
  const row = await setHeartbeatEnabled(c.var.deps, c.var.owner, c.req.valid('json').heartbeat_id, false);
  return c.json({ heartbeat: view(c.var, row) }, 200);
};

export const trigger: AppRouteHandler<typeof routes.trigger> = async (c) => {
  const answer = await triggerHeartbeat(
    c.var.deps,
    c.var.owner,
    c.req.valid('json').heartbeat_id,
    c.req.valid('header')['idempotency-key'],
  );
  if (answer.state === 'done') return c.json({ result: toRunResult(answer.result) }, 200);
  return c.json(
    {
      accepted: true as const,
      status: 'running' as const,
      run_key: answer.run_key,
      message: 'The run is under way; GET /v1/bot/heartbeat/logs?run_key=… shows it once it is recorded.',
    },
    202,
  );
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const row = await deleteHeartbeat(c.var.deps, c.var.owner, c.req.valid('query').heartbeat_id);
  return c.json({ deleted: true, heartbeat: view(c.var, row) }, 200);
};

export const logs: AppRouteHandler<typeof routes.logs> = async (c) => {
  const q = c.req.valid('query');
  const { rows, pagination } = await listLogs(
    c.var.deps,
    {
      projectId: c.var.owner.project.id,
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
    q,
  );
  return c.json({ total: pagination.total, logs: rows.map(toLogEntry), pagination }, 200);
};

export const statistics: AppRouteHandler<typeof routes.statistics> = async (c) => {
  const q = c.req.valid('query');
  const result = await heartbeatStats(
    c.var.deps,
    { projectId: c.var.owner.project.id, heartbeatId: q.heartbeat_id, memberId: q.member_id, botId: q.bot_id },
    q.days,
    c.var.deps.now(),
  );
  return c.json({ stats: result }, 200);
};
