/**
 * `/`: the project's heartbeats, newest first, filtered by bot and member. A bounded number of API
 * calls whatever the number of bots (bots, members, and one to three pages of heartbeats), since
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
 * Page `page` of the heartbeats, newest first, 100 a page. The API lists oldest first: its first
 * page says how many there are, and the 100 wanted (the newest for page 1) lie on at most two of
 * its pages, read next unless the first is one of them.
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
  const total = first.pagination.total;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const shown = Math.min(page, pages);
  // Positions (oldest first) of the rows this page shows: [from, to).
  const to = total - (shown - 1) * PER_PAGE;
  const from = Math.max(0, to - PER_PAGE);
  const apiPages = [...new Set([Math.floor(from / PER_PAGE) + 1, Math.floor(Math.max(0, to - 1) / PER_PAGE) + 1])];
  const lists = await Promise.all(apiPages.map((n) => (n === 1 ? first : read(n))));
  const start = (apiPages[0]! - 1) * PER_PAGE;
  const rows = lists.flatMap((l) => l.heartbeats).slice(from - start, to - start);
  const heartbeats = rows.sort((a, b) => b.created_at.localeCompare(a.created_at));
  return { heartbeats, page: shown, pages, total };
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
