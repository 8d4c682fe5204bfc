/** `/`: the project's heartbeats, newest first, filtered by bot and member. */
import { Hono } from 'hono';
import { unwrap } from '../api.js';
import { HeartbeatListPage } from '../pages/heartbeats.js';
import { botsAndMembers, clock, doneNotice, signedIn, type DashboardDeps } from '../request.js';

export function heartbeatListRoutes(deps: DashboardDeps) {
  const page = signedIn(deps);
  const now = clock(deps);
  return new Hono().get(
    '/',
    page(async (c, s) => {
      const filter = { bot: c.req.query('bot') || undefined, member: c.req.query('member') || undefined };
      const { bots, members } = await botsAndMembers(s);
      const shown = filter.bot ? bots.filter((b) => b.uuid === filter.bot) : bots;
      const lists = await Promise.all(
        shown.map((b) =>
          unwrap(
            s.hb.GET('/v1/bot/heartbeat/readall', {
              params: { query: { project_id: s.projectId, bot_id: b.uuid, member_id: filter.member } },
            }),
          ),
        ),
      );
      const heartbeats = lists.flatMap((l) => l.heartbeats).sort((a, b) => b.created_at.localeCompare(a.created_at));
      return c.html(
        <HeartbeatListPage
          signedIn={s.who}
          bots={bots}
          members={members}
          filter={filter}
          heartbeats={heartbeats}
          notice={doneNotice(c)}
          now={now()}
        />,
      );
    }),
  );
}
