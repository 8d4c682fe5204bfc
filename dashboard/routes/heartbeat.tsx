/**
 * One heartbeat: its page and the live section htmx refreshes (runs, charts), and its actions:
 * enable, disable, run now, delete.
 */
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { RUN_STATUSES, RUN_TYPES } from '../../domain/heartbeat.js';
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
  type Signed,
} from '../request.js';

const runsFilter = (c: Context): RunsFilter => {
  const status = c.req.query('status');
  const type = c.req.query('type');
  const pageNo = Number(c.req.query('page') ?? 1);
  return {
    status: RUN_STATUSES.find((s) => s === status),
    type: RUN_TYPES.find((t) => t === type),
    page: Number.isInteger(pageNo) && pageNo >= 1 && pageNo <= 10_000 ? pageNo : 1,
  };
};

export function heartbeatRoutes(deps: DashboardDeps) {
  const app = new Hono();
  const page = signedIn(deps);
  const now = clock(deps);
  const guard = csrf();

  /** The runs table and the charts: the part of the page that reloads after a run. */
  const activity = async (s: Signed, heartbeat: Heartbeat, filter: RunsFilter) => {
    const [logs, stats] = await Promise.all([
      unwrap(
        s.hb.GET('/v1/bot/heartbeat/logs', {
          params: {
            query: {
              project_id: s.projectId,
              heartbeat_id: heartbeat.uuid,
              status: filter.status,
              type: filter.type,
              page: filter.page,
              per_page: 20,
            },
          },
        }),
      ),
      unwrap(
        s.hb.GET('/v1/bot/heartbeat/stats', {
          params: { query: { project_id: s.projectId, heartbeat_id: heartbeat.uuid, days: 14 } },
        }),
      ),
    ]);
    return <Activity heartbeat={heartbeat} stats={stats.stats} runs={logs} filter={filter} now={now()} />;
  };

  const heartbeatPage = async (
    c: Context,
    s: Signed,
    id: string,
    extra: { notice?: string; trigger?: unknown } = {},
  ) => {
    const heartbeat = await readHeartbeat(s, id);
    const filter = runsFilter(c);
    const [section, bot] = await Promise.all([
      activity(s, heartbeat, filter),
      unwrap(s.hb.GET('/v1/bot/read', { params: { query: { project_id: s.projectId, bot_id: heartbeat.bot_id } } })),
    ]);
    const temporalUrl = `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(heartbeatWorkflowId(id))}`;
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
        now={now()}
      />,
    );
  };

  app.get(
    '/heartbeats/:id',
    page((c, s) => heartbeatPage(c, s, c.req.param('id')!)),
  );

  app.get(
    '/heartbeats/:id/live',
    page(async (c, s) => {
      const heartbeat = await readHeartbeat(s, c.req.param('id')!);
      const filter = runsFilter(c);
      return c.html(
        <Live heartbeat={heartbeat} activity={await activity(s, heartbeat, filter)} filter={filter} now={now()} />,
      );
    }),
  );

  for (const action of ['enable', 'disable'] as const) {
    app.post(
      `/heartbeats/:id/${action}`,
      guard,
      page(async (c, s) => {
        const id = c.req.param('id')!;
        await unwrap(s.hb.POST(`/v1/bot/heartbeat/${action}`, { body: { project_id: s.projectId, heartbeat_id: id } }));
        return c.redirect(`/heartbeats/${id}`, 303);
      }),
    );
  }

  app.post(
    '/heartbeats/:id/trigger',
    guard,
    page(async (c, s) => {
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
      return heartbeatPage(c, s, id, { trigger: outcome });
    }),
  );

  app.get(
    '/heartbeats/:id/delete',
    page(async (c, s) =>
      c.html(<ConfirmDeletePage signedIn={s.who} heartbeat={await readHeartbeat(s, c.req.param('id')!)} />),
    ),
  );

  app.post(
    '/heartbeats/:id/delete',
    guard,
    page(async (c, s) => {
      await unwrap(
        s.hb.DELETE('/v1/bot/heartbeat/delete', {
          params: { query: { project_id: s.projectId, heartbeat_id: c.req.param('id')! } },
        }),
      );
      return c.redirect('/?done=deleted', 303);
    }),
  );
  return app;
}
