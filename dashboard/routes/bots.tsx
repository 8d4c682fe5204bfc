/** `/bots`: each bot's heartbeat flag, webhook and alert events, changed through the API. */
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { ALERT_EVENTS } from '../../domain/alerts.js';
import { fieldErrors, HeartbeatApiError, unwrap } from '../api.js';
import { BotsPage } from '../pages/bots.js';
import { formOf, listed, signedIn, text, type DashboardDeps, type Signed } from '../request.js';

const listBots = async (s: Signed) =>
  (await unwrap(s.hb.GET('/v1/bot/readall', { params: { query: { project_id: s.projectId, per_page: 100 } } }))).bots;

export function botRoutes(deps: DashboardDeps) {
  const app = new Hono();
  const page = signedIn(deps);

  app.get(
    '/bots',
    page(async (c, s) => c.html(<BotsPage signedIn={s.who} bots={await listBots(s)} />)),
  );

  app.post(
    '/bots/:id',
    csrf(),
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
          <BotsPage signedIn={s.who} bots={await listBots(s)} saved={{ botId, secret: answer.webhook_secret }} />,
        );
      } catch (err) {
        if (!(err instanceof HeartbeatApiError) || err.status >= 500 || err.status === 401) throw err;
        return c.html(
          <BotsPage
            signedIn={s.who}
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
