/**
 * `/`: the project's heartbeats, newest first, filtered by bot and member. A bounded number of API
 * calls whatever the number of bots (bots, members, and one or two pages of heartbeats), since
 * each counts against the project's rate limit.
 */
import { Hono, type Context } from 'hono';
import { unwrap } from '../api.js';
import { HeartbeatListPage } from '../pages/heartbeats.js';
import { botsAndMembers, clock, doneNotice, signedIn, type DashboardDeps, type Signed } from '../request.js';

const PER_PAGE = 100;

const pageOf = (c: Context) => {
  const n = Number(c.req.query('page') ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

/**
 * Page `page` of the heartbeats, newest first. The API lists oldest first, so the newest are on
 * its last page: its first page says how many there are, and (past 100) the one wanted is read next.
 */
async function newestFirst(s: Signed, filter: { bot?: string; member?: string }, page: number) {
  const read = (apiPage: number) =>
    unwrap(
      s.hb.GET('/v1/bot/heartbeat/readall', {
        params: {
          query: {
            project_id: s.projectId,
            bot_id: filter.bot,
            member_id: filter.member,
            page: apiPage,
            per_page: PER_PAGE,
          },
        },
      }),
    );
  const first = await read(1);
  const pages = Math.max(1, first.pagination.total_pages);
  const wanted = Math.max(1, pages - Math.min(page, pages) + 1);
  const list = wanted === 1 ? first : await read(wanted);
  const heartbeats = list.heartbeats.sort((a, b) => b.created_at.localeCompare(a.created_at));
  return { heartbeats, page: pages - wanted + 1, pages, total: first.pagination.total };
}

export function heartbeatListRoutes(deps: DashboardDeps) {
  const page = signedIn(deps);
  const now = clock(deps);
  return new Hono().get(
    '/',
    page(async (c, s) => {
      const filter = { bot: c.req.query('bot') || undefined, member: c.req.query('member') || undefined };
      const [{ bots, members }, list] = await Promise.all([botsAndMembers(s), newestFirst(s, filter, pageOf(c))]);
      return c.html(
        <HeartbeatListPage
          signedIn={s.who}
          bots={bots}
          members={members}
          filter={filter}
          heartbeats={list.heartbeats}
          pages={{ page: list.page, of: list.pages, total: list.total }}
          notice={doneNotice(c)}
          now={now()}
        />,
      );
    }),
  );
}
