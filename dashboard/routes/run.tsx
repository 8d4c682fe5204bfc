/** One run: what the agent was asked and answered, its cost, and the notifications it sent. */
import { Hono } from 'hono';
import { HeartbeatApiError, unwrap } from '../api.js';
import { RunPage } from '../pages/run.js';
import { clock, signedIn, type DashboardDeps } from '../request.js';

export function runRoutes(deps: DashboardDeps) {
  const page = signedIn(deps);
  const now = clock(deps);
  return new Hono().get(
    '/heartbeats/:id/runs/:runKey',
    page(async (c, s) => {
      const id = c.req.param('id')!;
      const runKey = c.req.param('runKey')!;
      const [logs, notifications] = await Promise.all([
        unwrap(
          s.hb.GET('/v1/bot/heartbeat/logs', {
            params: { query: { project_id: s.projectId, heartbeat_id: id, run_key: runKey } },
          }),
        ),
        unwrap(
          s.hb.GET('/v1/bot/notification/readall', {
            params: { query: { project_id: s.projectId, run_key: runKey, per_page: 100 } },
          }),
        ),
      ]);
      const run = logs.logs[0];
      if (!run) throw new HeartbeatApiError(404, 'not_found', 'No run with that key has been recorded (yet).');
      return c.html(
        <RunPage signedIn={s.who} heartbeatId={id} run={run} notifications={notifications.notifications} now={now()} />,
      );
    }),
  );
}
