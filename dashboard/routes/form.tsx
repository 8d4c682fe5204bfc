/** Creating and changing a heartbeat: the form, its live schedule preview, and saving it through the API. */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
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
  type Handler,
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

/** The preview's "from" date, as the instant that day begins in the form's time zone. */
const previewFrom = (form: FormValues) => {
  const day = text(form.preview_from);
  if (!day) return undefined;
  const start = DateTime.fromISO(day, { zone: text(form.timezone) || 'UTC' });
  // A date the browser would not send, or a zone the API will refuse: left for the API to judge.
  return start.isValid ? start.toUTC().toISO()! : day;
};

/** The API refused the form (4xx): shown beside its fields. Anything else is the error page's. */
const refused = (err: unknown): err is HeartbeatApiError => err instanceof HeartbeatApiError && err.status < 500;

/** Saves the form (a new heartbeat on a path without `:id`), or shows it again beside the API's refusal. */
const save: Handler = async (c, s) => {
  const heartbeatId: string | undefined = c.req.param('id');
  const form = await formOf(c);
  const body = {
    project_id: s.projectId,
    bot_id: text(form.bot_id),
    ...(heartbeatId ? { heartbeat_id: heartbeatId } : { enabled: text(form.enabled) === 'on' }),
    ...(scheduleBody(form) as object),
  };
  try {
    const { heartbeat } = await unwrap(s.hb.POST('/v1/bot/heartbeat/configure', { body }));
    return c.redirect(`/heartbeats/${heartbeat.uuid}?done=${heartbeatId ? 'saved' : 'created'}`, 303);
  } catch (err) {
    if (!refused(err)) throw err;
    const heartbeat = heartbeatId ? await readHeartbeat(s, heartbeatId) : undefined;
    return formPage(c, s, { heartbeat, values: form, err });
  }
};

/** The schedule's next runs: a panel where the button is (htmx), or the form with it. */
const preview: Handler = async (c, s) => {
  const form = await formOf(c);
  const heartbeatId = text(form.heartbeat_id) || undefined;
  let panel;
  try {
    const body = {
      project_id: s.projectId,
      bot_id: text(form.bot_id),
      ...(heartbeatId && { heartbeat_id: heartbeatId }),
      count: 10,
      ...(scheduleBody(form) as object),
      ...(previewFrom(form) && { from: previewFrom(form) }),
    };
    const { preview } = await unwrap(s.hb.POST('/v1/bot/heartbeat/preview', { body }));
    panel = <PreviewPanel preview={preview} />;
  } catch (err) {
    if (!refused(err)) throw err;
    panel = <PreviewPanel errors={fieldErrors(err)} message={err.message} />;
  }
  if (isHtmx(c)) return c.html(panel);
  const heartbeat = heartbeatId ? await readHeartbeat(s, heartbeatId) : undefined;
  return formPage(c, s, { heartbeat, values: form, preview: panel });
};

const edit: Handler = async (c, s) => {
  const heartbeat = await readHeartbeat(s, c.req.param('id')!);
  return formPage(c, s, { heartbeat, values: valuesOf(heartbeat) });
};

export function formRoutes(deps: DashboardDeps) {
  const page = signedIn(deps);
  const guard = csrf();
  return new Hono()
    .get(
      '/heartbeats/new',
      page((c, s) => formPage(c, s, { values: valuesOf(undefined, c.req.query('bot')) })),
    )
    .post('/heartbeats', guard, page(save))
    .post('/preview', guard, page(preview))
    .get('/heartbeats/:id/edit', page(edit))
    .post('/heartbeats/:id', guard, page(save));
}
