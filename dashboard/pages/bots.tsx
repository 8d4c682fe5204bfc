/** The bots page: each bot's heartbeat flag, webhook and alert events. */
import type { Bot } from '../api.js';
import { ALERT_EVENTS } from '../../domain/alerts.js';
import { described, ErrorSummary, Layout, mayManage, Notice, type SignedIn } from '../layout.js';

const ALERT_LABELS: Record<(typeof ALERT_EVENTS)[number], string> = {
  'run.failed': 'a run failed',
  'run.missed': 'scheduled runs were missed',
  'run.needs_attention': 'a run reported needs_attention',
  'heartbeat.auto_paused': 'a heartbeat paused itself after errors in a row',
  'heartbeat.budget_exhausted': 'a heartbeat used up its credit budget',
  'heartbeat.stalled': 'a heartbeat stopped running (its next run long overdue, or its workflow gone)',
};

export function BotsPage(props: {
  signedIn: SignedIn;
  bots: Bot[];
  /** The bot just saved, with the webhook secret shown this once, or its errors. */
  saved?: {
    botId: string;
    secret?: string;
    errors?: Record<string, string>;
    message?: string;
    code?: string;
    /** What was sent, shown again beside its errors so nothing typed is lost. */
    sent?: Pick<Bot, 'heartbeat' | 'webhook_url' | 'alert_events'>;
  };
}) {
  const s = props.saved;
  return (
    <Layout title="Bots" signedIn={props.signedIn}>
      <h1>Bots</h1>
      <p class="muted">
        A bot's heartbeat flag lets heartbeats run it; its webhook receives what <code>notify_user</code> sends, and the
        alerts it subscribes to, signed (Standard Webhooks).
      </p>
      {!mayManage(props.signedIn) && (
        <p class="notice">{`This key (${props.signedIn.access ?? 'limited access'}) cannot change bots; a key with full access can.`}</p>
      )}
      {s?.message && <ErrorSummary message={s.message} code={s.code} />}
      {s && !s.message && !s.secret && (
        <Notice text={`Saved ${props.bots.find((b) => b.uuid === s.botId)?.name ?? 'the bot'}.`} />
      )}
      {s?.secret && (
        <div class="notice" role="status">
          {'Webhook saved. Its signing secret, shown this once: '}
          <code id="webhook-secret">{s.secret}</code>
        </div>
      )}
      {props.bots.length === 0 && <p class="panel">No bots yet: create one through the API (POST /v1/bot/create).</p>}
      {props.bots.map((saved) => {
        const errors = s?.botId === saved.uuid ? (s.errors ?? {}) : {};
        const b = s?.botId === saved.uuid && s.sent ? { ...saved, ...s.sent } : saved;
        const id = (name: string) => `${name}-${b.uuid}`;
        return (
          <form method="post" action={`/bots/${b.uuid}`} class="panel" aria-label={`Bot ${b.name}`} novalidate>
            <h2 style="margin-top:0">{b.name}</h2>
            <p class="muted small">{`${b.model} · ${b.uuid}`}</p>
            <div class="field">
              <label>
                <input type="checkbox" name="heartbeat" checked={b.heartbeat} /> Heartbeats may run this bot
              </label>
            </div>
            <div class="field">
              <label for={id('webhook_url')}>Webhook URL</label>
              <input
                type="url"
                id={id('webhook_url')}
                name="webhook_url"
                value={b.webhook_url ?? ''}
                placeholder="https://example.com/hooks/heartbeat"
                {...described(id('webhook_url'), errors.webhook_url)}
              />
              {errors.webhook_url && (
                <div class="error-text" id={`${id('webhook_url')}-error`}>
                  {errors.webhook_url}
                </div>
              )}
            </div>
            <fieldset class="field stack">
              <legend>Alerts sent to the webhook when…</legend>
              {ALERT_EVENTS.map((e) => (
                <label>
                  <input type="checkbox" name="alert_events" value={e} checked={b.alert_events.includes(e)} />
                  <span>
                    {ALERT_LABELS[e]} <code class="small">{e}</code>
                  </span>
                </label>
              ))}
              {errors.alert_events && <div class="error-text">{errors.alert_events}</div>}
            </fieldset>
            {mayManage(props.signedIn) && <button type="submit">Save</button>}
          </form>
        );
      })}
    </Layout>
  );
}
