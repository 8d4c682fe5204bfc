/** A heartbeat's versions page. */
import { Hono } from 'hono';
import { unwrap } from '../api.js';
import { VersionsPage } from '../pages/versions.js';
import { clock, readHeartbeat, signedIn, type DashboardDeps } from '../request.js';

export function versionRoutes(deps: DashboardDeps) {
  const page = signedIn(deps);
  const now = clock(deps);
  return new Hono().get(
    '/heartbeats/:id/versions',
    page(async (c, s) => {
      const heartbeat = await readHeartbeat(s, c.req.param('id')!);
      const pageNo = Number(c.req.query('page') ?? 1);
      const query = {
        project_id: s.projectId,
        bot_id: heartbeat.bot_id,
        heartbeat_id: heartbeat.uuid,
        page: Number.isInteger(pageNo) && pageNo >= 1 && pageNo <= 10_000 ? pageNo : 1,
        per_page: 50,
      };
      const { versions, pagination } = await unwrap(s.hb.GET('/v1/bot/heartbeat/versions', { params: { query } }));
      return c.html(
        <VersionsPage signedIn={s.who} heartbeat={heartbeat} versions={versions} page={pagination} now={now()} />,
      );
    }),
  );
}
