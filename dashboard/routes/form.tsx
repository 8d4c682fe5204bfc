/** Creating and changing a heartbeat: the form, its live schedule preview, and saving it through the API. */
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { fieldErrors, HeartbeatApiError, unwrap, type Heartbeat } from '../api.js';
import { HeartbeatFormPage, PreviewPanel, scheduleBody, valuesOf, type FormValues } from '../pages/form.js';
import {
  botsAndMembers,
  failureOf,
  formOf,
  isHtmx,
  readHeartbeat,
  signedIn,
  text,
  type DashboardDeps,
  type Signed,
} from '../request.js';

const formPage = async (
  c: Context,
  s: Signed,
  opts: { heartbeat?: Heartbeat; values: FormValues; err?: unknown; preview?: unknown },
) => {
  const { bots, members } = await botsAndMembers(s);
  return c.html(
    <HeartbeatFormPage
      signedIn={s.who}
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

/** The API refused the form (4xx): shown beside its fields. Anything else is the error page's. */
const refused = (err: unknown): err is HeartbeatApiError => err instanceof HeartbeatApiError && err.status < 500;

export function formRoutes(deps: DashboardDeps) {
  const app = new Hono();
  const page = signedIn(deps);
  const guard = csrf();

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
        return c.redirect(`/heartbeats/${heartbeat.uuid}?done=created`, 303);
      } catch (err) {
        if (!refused(err)) throw err;
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
        if (!refused(err)) throw err;
        panel = <PreviewPanel errors={fieldErrors(err)} message={err.message} />;
      }
      if (isHtmx(c)) return c.html(panel);
      const heartbeat = heartbeatId ? await readHeartbeat(s, heartbeatId) : undefined;
      return formPage(c, s, { heartbeat, values: form, preview: panel });
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
        return c.redirect(`/heartbeats/${id}?done=saved`, 303);
      } catch (err) {
        if (!refused(err)) throw err;
        return formPage(c, s, { heartbeat: await readHeartbeat(s, id), values: form, err });
      }
    }),
  );
  return app;
}
