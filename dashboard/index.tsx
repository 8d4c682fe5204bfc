/**
 * The dashboard at `/`: server-rendered pages (Hono JSX), progressively enhanced with htmx (served
 * from node_modules, no CDN). Every read and action goes through the public API in process with
 * the signed-in key, so the pages show exactly the API's answers and its validation errors.
 */
import { ALERT_EVENTS } from '../domain/alerts.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { heartbeatWorkflowId } from '../contract/workflow.js';
import {
  clientFor,
  fieldErrors,
  HeartbeatApiError,
  unwrap,
  type ApiFetch,
  type Heartbeat,
  type HeartbeatClient,
} from './api.js';
import { BotsPage } from './pages/bots.js';
import { HeartbeatFormPage, PreviewPanel, scheduleBody, valuesOf, type FormValues } from './pages/form.js';
import { Activity, ConfirmDeletePage, HeartbeatPage, Live, TriggerResult, type RunsFilter } from './pages/heartbeat.js';
import { HeartbeatListPage } from './pages/heartbeats.js';
import { RunPage } from './pages/run.js';
import { SignInPage } from './pages/sign-in.js';
import { clearSession, readSession, writeSession, type Sealer, type Session } from './session.js';
import { STYLES } from './styles.js';
import { Layout } from './layout.js';

export interface DashboardDeps {
  /** The API's own fetch handler. */
  api: ApiFetch;
  /** Seals the session cookie. */
  sealer: Sealer;
  /** The Temporal Web UI, for links to a heartbeat's workflow. */
  temporalUiUrl: string;
  namespace: string;
  now?: () => Date;
}

const HTMX = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');
const STATUSES = new Set(['success', 'error', 'skipped']);
const TYPES = new Set(['heartbeat', 'manual']);

interface Signed {
  session: Session;
  hb: HeartbeatClient;
  projectId: string;
}

type Handler = (c: Context, s: Signed) => Response | Promise<Response>;

/** Signed-in pages: without a session, to the sign-in page and back after it. */
function signedIn(deps: DashboardDeps, handler: Handler) {
  return (c: Context) => {
    const session = readSession(c, deps.sealer);
    if (!session) return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    const hb = clientFor(deps.api, session, c.get('requestId') as string | undefined);
    return handler(c, { session, hb, projectId: session.projectId });
  };
}

const formOf = async (c: Context): Promise<FormValues> =>
  (await c.req.parseBody({ all: true })) as unknown as FormValues;
const listed = (v: FormValues[string] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: FormValues[string] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const failureOf = (err: unknown) =>
  err instanceof HeartbeatApiError ? { message: err.message, code: err.code } : undefined;
/** A sign-in form is a key, a project id and a path: anything larger is refused unread. */
const SIGN_IN_MAX_BYTES = 16 * 1024;

/**
 * `next` as a path on this site, or `/`: parsed the way a browser parses a Location (backslashes
 * as slashes, tabs and newlines dropped), so no spelling of another host can leave the origin.
 */
export function localPath(next: string): string {
  const base = 'http://dashboard.invalid';
  if (!next.startsWith('/')) return '/';
  const url = URL.canParse(next, base) ? new URL(next, base) : null;
  return url?.origin === base ? url.pathname + url.search + url.hash : '/';
}

const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';

export function createDashboard(deps: DashboardDeps) {
  const app = new Hono();
  const now = deps.now ?? (() => new Date());
  const page = (deps_: Handler) => signedIn(deps, deps_);
  const guard = csrf();
  // nosniff, frame-ancestors by X-Frame-Options, HSTS (honoured over TLS only); the referrer stays
  // on this origin so form posts keep their Origin header for the CSRF check.
  app.use('*', secureHeaders({ referrerPolicy: 'same-origin' }));

  // Errors the pages do not handle themselves: a key revoked meanwhile signs out; the rest say what happened.
  app.onError((err, c) => {
    if (err instanceof HeartbeatApiError && err.status === 401) {
      clearSession(c);
      return c.redirect('/sign-in', 303);
    }
    const status = err instanceof HeartbeatApiError && err.status >= 400 ? err.status : 500;
    const message =
      err instanceof HeartbeatApiError ? err.message : 'Something went wrong on our side; the error is in the API log.';
    return c.html(
      <Layout title="Error">
        <h1>{status === 404 ? 'Not found' : 'That did not work'}</h1>
        <div class="alert" role="alert">
          {message} <span class="muted small">{`(request ${String(c.get('requestId') ?? '')})`}</span>
        </div>
        <p>
          <a href="/">Back to the heartbeats</a>
        </p>
      </Layout>,
      status as 404,
    );
  });

  app.get('/assets/dashboard.css', (c) =>
    c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/assets/htmx.min.js', (c) =>
    c.body(HTMX, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    }),
  );

  app.get('/sign-in', (c) => c.html(<SignInPage next={c.req.query('next')} />));
  app.post(
    '/sign-in',
    bodyLimit({ maxSize: SIGN_IN_MAX_BYTES, onError: (c) => c.text('The form is too large.', 413) }),
    guard,
    async (c) => {
      const form = await formOf(c);
      const session = { key: text(form.api_key), projectId: text(form.project_id) };
      const next = localPath(text(form.next));
      try {
        // The key and project are checked by the API itself before they are kept.
        await unwrap(
          clientFor(deps.api, session).GET('/v1/bot/readall', {
            params: { query: { project_id: session.projectId, per_page: 1 } },
          }),
        );
      } catch (err) {
        const failure = failureOf(err) ?? { message: 'The API did not answer.', code: 'internal_error' };
        return c.html(<SignInPage next={next} projectId={session.projectId} {...failure} />, 401);
      }
      writeSession(c, deps.sealer, session);
      return c.redirect(next, 303);
    },
  );
  app.post('/sign-out', guard, (c) => {
    clearSession(c);
    return c.redirect('/sign-in', 303);
  });

  /** The project's bots and (the first 100) members, for pickers and names. */
  const botsAndMembers = async (s: Signed) => {
    const [bots, members] = await Promise.all([
      unwrap(s.hb.GET('/v1/bot/readall', { params: { query: { project_id: s.projectId, per_page: 100 } } })),
      unwrap(s.hb.GET('/v1/bot/subscriber/readall', { params: { query: { project_id: s.projectId, per_page: 100 } } })),
    ]);
    return { bots: bots.bots, members: members.members.map((m) => ({ uuid: m.uuid, name: m.name ?? m.uuid })) };
  };

  const readHeartbeat = async (s: Signed, id: string) =>
    (
      await unwrap(
        s.hb.GET('/v1/bot/heartbeat/read', { params: { query: { project_id: s.projectId, heartbeat_id: id } } }),
      )
    ).heartbeat;

  app.get(
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
          projectId={s.projectId}
          bots={bots}
          members={members}
          filter={filter}
          heartbeats={heartbeats}
          notice={c.req.query('deleted') ? 'Heartbeat deleted.' : undefined}
          now={now()}
        />,
      );
    }),
  );

  const formPage = async (
    c: Context,
    s: Signed,
    opts: { heartbeat?: Heartbeat; values: FormValues; err?: unknown; preview?: unknown },
  ) => {
    const { bots, members } = await botsAndMembers(s);
    return c.html(
      <HeartbeatFormPage
        projectId={s.projectId}
        heartbeat={opts.heartbeat}
        bots={bots}
        members={members}
        values={opts.values}
        errors={fieldErrors(opts.err)}
        failure={opts.err ? failureOf(opts.err) : undefined}
        preview={opts.preview as never}
      />,
      opts.err ? 422 : 200,
    );
  };

  app.get(
    '/heartbeats/new',
    page((c, s) => formPage(c, s, { values: valuesOf(undefined, c.req.query('bot')) })),
  );

  app.post(
    '/heartbeats',
    guard,
    page(async (c, s) => {
      const form = await formOf(c);
      try {
        const { heartbeat } = await unwrap(
          s.hb.POST('/v1/bot/heartbeat/configure', {
            body: {
              project_id: s.projectId,
              bot_id: text(form.bot_id),
              enabled: text(form.enabled) === 'on',
              ...(scheduleBody(form) as object),
            },
          }),
        );
        return c.redirect(`/heartbeats/${heartbeat.uuid}?created=1`, 303);
      } catch (err) {
        if (!(err instanceof HeartbeatApiError) || err.status >= 500) throw err;
        return formPage(c, s, { values: form, err });
      }
    }),
  );

  app.post(
    '/preview',
    guard,
    page(async (c, s) => {
      const form = await formOf(c);
      const heartbeatId = text(form.heartbeat_id) || undefined;
      let panel;
      try {
        const { preview } = await unwrap(
          s.hb.POST('/v1/bot/heartbeat/preview', {
            body: {
              project_id: s.projectId,
              bot_id: text(form.bot_id),
              ...(heartbeatId && { heartbeat_id: heartbeatId }),
              count: 10,
              ...(scheduleBody(form) as object),
            },
          }),
        );
        panel = <PreviewPanel preview={preview} />;
      } catch (err) {
        if (!(err instanceof HeartbeatApiError) || err.status >= 500) throw err;
        panel = <PreviewPanel errors={fieldErrors(err)} message={err.message} />;
      }
      if (isHtmx(c)) return c.html(panel);
      const heartbeat = heartbeatId ? await readHeartbeat(s, heartbeatId) : undefined;
      return formPage(c, s, { heartbeat, values: form, preview: panel });
    }),
  );

  const runsFilter = (c: Context): RunsFilter => {
    const status = c.req.query('status');
    const type = c.req.query('type');
    const pageNo = Number(c.req.query('page') ?? 1);
    return {
      status: status && STATUSES.has(status) ? status : undefined,
      type: type && TYPES.has(type) ? type : undefined,
      page: Number.isInteger(pageNo) && pageNo >= 1 && pageNo <= 10_000 ? pageNo : 1,
    };
  };

  const activity = async (s: Signed, heartbeat: Heartbeat, filter: RunsFilter) => {
    const [logs, stats] = await Promise.all([
      unwrap(
        s.hb.GET('/v1/bot/heartbeat/logs', {
          params: {
            query: {
              project_id: s.projectId,
              heartbeat_id: heartbeat.uuid,
              status: filter.status as never,
              type: filter.type as never,
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
        projectId={s.projectId}
        heartbeat={heartbeat}
        botName={bot.bot.name}
        temporalUrl={temporalUrl}
        activity={section}
        filter={filter}
        notice={extra.notice ?? (c.req.query('created') ? 'Heartbeat created.' : undefined)}
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

  app.get(
    '/heartbeats/:id/edit',
    page(async (c, s) => {
      const heartbeat = await readHeartbeat(s, c.req.param('id')!);
      return formPage(c, s, { heartbeat, values: valuesOf(heartbeat) });
    }),
  );

  app.post(
    '/heartbeats/:id',
    guard,
    page(async (c, s) => {
      const id = c.req.param('id')!;
      const form = await formOf(c);
      try {
        await unwrap(
          s.hb.POST('/v1/bot/heartbeat/configure', {
            body: {
              project_id: s.projectId,
              bot_id: text(form.bot_id),
              heartbeat_id: id,
              ...(scheduleBody(form) as object),
            },
          }),
        );
        return c.redirect(`/heartbeats/${id}`, 303);
      } catch (err) {
        if (!(err instanceof HeartbeatApiError) || err.status >= 500) throw err;
        return formPage(c, s, { heartbeat: await readHeartbeat(s, id), values: form, err });
      }
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
      c.html(<ConfirmDeletePage projectId={s.projectId} heartbeat={await readHeartbeat(s, c.req.param('id')!)} />),
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
      return c.redirect('/?deleted=1', 303);
    }),
  );

  app.get(
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
        <RunPage
          projectId={s.projectId}
          heartbeatId={id}
          run={run}
          notifications={notifications.notifications}
          now={now()}
        />,
      );
    }),
  );

  const listBots = async (s: Signed) =>
    (await unwrap(s.hb.GET('/v1/bot/readall', { params: { query: { project_id: s.projectId, per_page: 100 } } }))).bots;

  app.get(
    '/bots',
    page(async (c, s) => c.html(<BotsPage projectId={s.projectId} bots={await listBots(s)} />)),
  );

  app.post(
    '/bots/:id',
    guard,
    page(async (c, s) => {
      const botId = c.req.param('id')!;
      const form = await formOf(c);
      const webhook = text(form.webhook_url);
      const sent = {
        heartbeat: text(form.heartbeat) === 'on',
        webhook_url: webhook === '' ? null : webhook,
        alert_events: ALERT_EVENTS.filter((e) => listed(form.alert_events).includes(e)),
      };
      try {
        const answer = await unwrap(
          s.hb.PUT('/v1/bot/update', { body: { project_id: s.projectId, bot_id: botId, ...sent } }),
        );
        return c.html(
          <BotsPage
            projectId={s.projectId}
            bots={await listBots(s)}
            saved={{ botId, secret: answer.webhook_secret }}
          />,
        );
      } catch (err) {
        if (!(err instanceof HeartbeatApiError) || err.status >= 500 || err.status === 401) throw err;
        return c.html(
          <BotsPage
            projectId={s.projectId}
            bots={await listBots(s)}
            saved={{ botId, errors: fieldErrors(err), message: err.message, code: err.code, sent }}
          />,
          422,
        );
      }
    }),
  );

  return app;
}
