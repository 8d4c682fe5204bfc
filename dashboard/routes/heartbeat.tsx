/**
 * One heartbeat: its page and the live section htmx refreshes (runs, charts), and its actions:
 * enable, disable, run now, delete.
 */
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { RUN_STATUSES, RUN_TYPES } from '../../domain/heartbeat.js';
import { OUTCOME_FILTERS } from '../../domain/outcome.js';
import { HeartbeatApiError, unwrap, type Heartbeat } from '../api.js';
import { Activity, type RunsFilter } from '../pages/activity.js';
import { ConfirmDeletePage, HeartbeatPage, Live, TriggerResult } from '../pages/heartbeat.js';
import {
  clock,
  doneNotice,
  failureOf,
  isHtmx,
  readHeartbeat,
  signedIn,
  type DashboardDeps,
  type Handler,
  type Signed,
} from '../request.js';

const runsFilter = (c: Context): RunsFilter => {
  const status = c.req.query('status');
  const type = c.req.query('type');
  const outcome = c.req.query('outcome');
  const pageNo = Number(c.req.query('page') ?? 1);
  return {
    status: RUN_STATUSES.find((s) => s === status),
    type: RUN_TYPES.find((t) => t === type),
    outcome: OUTCOME_FILTERS.find((o) => o === outcome),
    page: Number.isInteger(pageNo) && pageNo >= 1 && pageNo <= 10_000 ? pageNo : 1,
  };
};

/** The runs table and the charts: the part of the page that reloads after a run. */
async function activity(deps: DashboardDeps, s: Signed, heartbeat: Heartbeat, filter: RunsFilter) {
  const query = { project_id: s.projectId, heartbeat_id: heartbeat.uuid };
  const [logs, stats] = await Promise.all([
    unwrap(
      s.hb.GET('/v1/bot/heartbeat/logs', {
        params: {
          query: {
            ...query,
            status: filter.status,
            type: filter.type,
            outcome: filter.outcome,
            page: filter.page,
            per_page: 20,
          },
        },
      }),
    ),
    unwrap(s.hb.GET('/v1/bot/heartbeat/stats', { params: { query: { ...query, days: 14 } } })),
  ]);
  return <Activity heartbeat={heartbeat} stats={stats.stats} runs={logs} filter={filter} now={clock(deps)()} />;
}

/** The whole page: the heartbeat, its bot's name, its activity, and a notice or a trigger's result. */
async function heartbeatPage(
  deps: DashboardDeps,
  c: Context,
  s: Signed,
  id: string,
  extra: { notice?: string; trigger?: unknown } = {},
) {
  const heartbeat = await readHeartbeat(s, id);
  const filter = runsFilter(c);
  const [section, bot] = await Promise.all([
    activity(deps, s, heartbeat, filter),
    unwrap(s.hb.GET('/v1/bot/read', { params: { query: { project_id: s.projectId, bot_id: heartbeat.bot_id } } })),
  ]);
  const ui = deps.temporalUi;
  const temporalUrl =
    ui &&
    `${ui.url}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(heartbeatWorkflowId(id))}`;
  return c.html(
    <HeartbeatPage
      signedIn={s.who}
      heartbeat={heartbeat}
      botName={bot.bot.name}
      temporalUrl={temporalUrl}
      activity={section}
      filter={filter}
      notice={extra.notice ?? doneNotice(c)}
      trigger={extra.trigger as never}
      now={clock(deps)()}
    />,
  );
}

/** Run now: the result where the button is (htmx), or the page with it at the top. */
const trigger =
  (deps: DashboardDeps): Handler =>
  async (c, s) => {
    const id = c.req.param('id')!;
    let outcome;
    try {
      const answer = await unwrap(
        s.hb.POST('/v1/bot/heartbeat/trigger', { body: { project_id: s.projectId, heartbeat_id: id } }),
      );
      outcome =
        'result' in answer ? (
          <TriggerResult heartbeatId={id} result={answer.result} />
        ) : (
          <TriggerResult heartbeatId={id} runKey={answer.run_key} />
        );
    } catch (err) {
      if (!(err instanceof HeartbeatApiError) || err.status === 401) throw err;
      outcome = <TriggerResult heartbeatId={id} failure={failureOf(err)} />;
    }
    if (isHtmx(c)) {
      // The runs table and the charts below reload themselves on this event.
      c.header('HX-Trigger', 'run-recorded');
      return c.html(outcome);
    }
    return heartbeatPage(deps, c, s, id, { trigger: outcome });
  };

const live =
  (deps: DashboardDeps): Handler =>
  async (c, s) => {
    const heartbeat = await readHeartbeat(s, c.req.param('id')!);
    const filter = runsFilter(c);
    const section = await activity(deps, s, heartbeat, filter);
    return c.html(<Live heartbeat={heartbeat} activity={section} filter={filter} now={clock(deps)()} />);
  };

const setEnabled =
  (action: 'enable' | 'disable'): Handler =>
  async (c, s) => {
    const id = c.req.param('id')!;
    await unwrap(s.hb.POST(`/v1/bot/heartbeat/${action}`, { body: { project_id: s.projectId, heartbeat_id: id } }));
    return c.redirect(`/heartbeats/${id}`, 303);
  };

const confirmDelete: Handler = async (c, s) =>
  c.html(<ConfirmDeletePage signedIn={s.who} heartbeat={await readHeartbeat(s, c.req.param('id')!)} />);

const remove: Handler = async (c, s) => {
  const query = { project_id: s.projectId, heartbeat_id: c.req.param('id')! };
  await unwrap(s.hb.DELETE('/v1/bot/heartbeat/delete', { params: { query } }));
  return c.redirect('/?done=deleted', 303);
};

export function heartbeatRoutes(deps: DashboardDeps) {
  const page = signedIn(deps);
  const guard = csrf();
  return new Hono()
    .get(
      '/heartbeats/:id',
      page((c, s) => heartbeatPage(deps, c, s, c.req.param('id')!)),
    )
    .get('/heartbeats/:id/live', page(live(deps)))
    .post('/heartbeats/:id/enable', guard, page(setEnabled('enable')))
    .post('/heartbeats/:id/disable', guard, page(setEnabled('disable')))
    .post('/heartbeats/:id/trigger', guard, page(trigger(deps)))
    .get('/heartbeats/:id/delete', page(confirmDelete))
    .post('/heartbeats/:id/delete', guard, page(remove));
}
