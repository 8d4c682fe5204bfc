/** One heartbeat's page: its schedule, next runs and health, its actions, and the activity section (activity.tsx). */
import type { Child } from 'hono/jsx';
import type { Surface } from '../../domain/access.js';
import { describeWindow } from '../../domain/schedule.js';
import type { Heartbeat, RunResult } from '../api.js';
import { Badge, ErrorSummary, Layout, mayChange, Notice, Panel, Time, type SignedIn } from '../layout.js';
import { qs, runHref, type RunsFilter } from './activity.js';
import { ForecastFacts, NextRunReason, OutcomeBadge } from './agent.js';
import { Credits, shortPrompt, whose } from './heartbeats.js';
import { PolicyFacts } from './policies.js';

/** Where a heartbeat's last change came from, in words. */
export const SURFACE_WORDS = {
  api: 'the API',
  mcp: 'MCP (an assistant)',
  dashboard: 'the dashboard',
} as const satisfies Record<Surface, string>;

/** The wall-clock time of an instant in a zone: "Fri 00:44 Europe/Berlin". */
const localClock = (iso: string, zone: string) =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))} ${zone}`;

/** The result of "Trigger now", where the button is (or at the top of the page without script). */
export function TriggerResult(props: {
  heartbeatId: string;
  result?: RunResult;
  runKey?: string;
  failure?: { message: string; code: string };
}) {
  if (props.failure) return <ErrorSummary message={props.failure.message} code={props.failure.code} />;
  if (!props.result)
    return (
      <div class="notice" role="status" id="trigger-outcome">
        {'The run is still going. '}
        {props.runKey && <a href={runHref(props.heartbeatId, props.runKey)}>See it when it is recorded</a>}
      </div>
    );
  const r = props.result;
  return (
    <div class={r.status === 'error' ? 'alert' : 'notice'} role="status" id="trigger-outcome">
      <strong>{`Run ${r.status}`}</strong>
      {` in ${r.duration_ms} ms, ${r.tokens_used} tokens, ${r.credits_charged} credit${r.credits_charged === 1 ? '' : 's'}.`}
      {r.response && <pre class="text">{r.response}</pre>}
      {r.error_message && <pre class="text">{r.error_message}</pre>}
      {r.reason && <div>{`Reason: ${r.reason}`}</div>}
      {r.outcome && (
        <div>
          <OutcomeBadge run={r} /> {r.summary}
        </div>
      )}
    </div>
  );
}

/** Why the heartbeat is not running as planned: paused by errors, or found stalled. */
function StateReason(props: { heartbeat: Heartbeat }) {
  const why = props.heartbeat.stall_reason ?? props.heartbeat.paused_reason;
  return why ? <span class="muted small">{why}</span> : null;
}

/** What the key may do to the heartbeat: run it now, enable or disable, edit, delete after asking. */
function Actions(props: { heartbeat: Heartbeat }) {
  const h = props.heartbeat;
  const base = `/heartbeats/${h.uuid}`;
  return (
    <>
      <form
        class="inline"
        method="post"
        action={`${base}/trigger`}
        hx-post={`${base}/trigger`}
        hx-target="#trigger-result"
        hx-indicator="#trigger-busy"
        hx-disabled-elt="find button"
      >
        <button type="submit" class="primary">
          Trigger now
        </button>
      </form>
      {h.enabled ? (
        <form class="inline" method="post" action={`${base}/disable`}>
          <button type="submit">Disable</button>
        </form>
      ) : (
        <form class="inline" method="post" action={`${base}/enable`}>
          <button type="submit">Enable</button>
        </form>
      )}
      <a class="button" href={`${base}/edit`}>
        Edit
      </a>
      <a class="button" href={`${base}/delete`}>
        Delete…
      </a>
    </>
  );
}

export function HeartbeatPage(props: {
  signedIn: SignedIn;
  heartbeat: Heartbeat;
  botName: string;
  /** The workflow in the Temporal Web UI, where the operator offers the UI. */
  temporalUrl?: string;
  activity: Child;
  filter: RunsFilter;
  notice?: string;
  trigger?: Child;
  now: Date;
}) {
  const h = props.heartbeat;
  return (
    <Layout title="Heartbeat" signedIn={props.signedIn}>
      <p class="small">
        <a href="/">Heartbeats</a> › {props.botName}
      </p>
      <h1>{shortPrompt(h.prompt, 80)}</h1>
      <p class="muted small">{`${whose(h, props.botName)} · ${h.schedule_description}`}</p>
      <Notice text={props.notice} />
      <div class="row" style="margin-bottom:1rem">
        <Badge value={h.state} />
        <StateReason heartbeat={h} />
        {mayChange(props.signedIn, h.bot_id) && <Actions heartbeat={h} />}
        {props.temporalUrl && (
          <a href={props.temporalUrl} target="_blank" rel="noopener">
            Workflow in Temporal Web UI
          </a>
        )}
      </div>
      <div id="trigger-result" aria-live="polite">
        <span class="htmx-indicator muted" id="trigger-busy">
          Running…
        </span>
        {props.trigger}
      </div>
      <Live heartbeat={h} activity={props.activity} filter={props.filter} now={props.now} />
    </Layout>
  );
}

export function ConfirmDeletePage(props: { signedIn: SignedIn; heartbeat: Heartbeat }) {
  const h = props.heartbeat;
  return (
    <Layout title="Delete heartbeat" signedIn={props.signedIn}>
      <h1>Delete this heartbeat?</h1>
      <div class="panel">
        <p>
          <strong>{h.prompt}</strong>
        </p>
        <p>{`${h.schedule_description}. It stops at once and is gone for good; its ${h.execution_count} runs stay in the logs.`}</p>
        <div class="row">
          <form class="inline" method="post" action={`/heartbeats/${h.uuid}/delete`}>
            <button type="submit" class="danger">
              Delete heartbeat
            </button>
          </form>
          <a class="button" href={`/heartbeats/${h.uuid}`}>
            Keep it
          </a>
        </div>
      </div>
    </Layout>
  );
}

/**
 * What changes as runs happen: the schedule, next runs, health, charts and runs. It reloads
 * itself when a trigger from this page records a run (the `run-recorded` event).
 */
export function Live(props: { heartbeat: Heartbeat; activity: Child; filter: RunsFilter; now: Date }) {
  const h = props.heartbeat;
  const { filter } = props;
  const window = describeWindow(h) || 'any time';
  return (
    <div
      id="live"
      hx-get={`/heartbeats/${h.uuid}/live${qs({ ...filter })}`}
      hx-trigger="run-recorded from:body"
      hx-swap="outerHTML"
    >
      <div class="grid">
        <Panel id="schedule" title="Schedule">
          <dl class="facts">
            <dt>Runs</dt>
            <dd>{h.schedule_description}</dd>
            <dt>Window</dt>
            <dd>{window}</dd>
            <dt>Time zone</dt>
            <dd>{h.timezone}</dd>
            <dt>Jitter</dt>
            <dd>{`${h.jitter_seconds} s`}</dd>
            <PolicyFacts heartbeat={h} />
            <dt>Version</dt>
            <dd>
              <a href={`/heartbeats/${h.uuid}/versions`}>{String(h.version)}</a>
            </dd>
            <dt>Last change</dt>
            <dd>
              <Time at={h.updated_at} now={props.now} />
              {h.updated_via && <span class="muted small"> through {SURFACE_WORDS[h.updated_via]}</span>}
            </dd>
          </dl>
        </Panel>
        <Panel id="next" title="Next runs">
          {h.upcoming_runs.length === 0 ? (
            <p class="muted">None planned while the heartbeat is not active.</p>
          ) : (
            <ol id="upcoming">
              {h.upcoming_runs.map((at) => (
                <li>
                  <Time at={at} now={props.now} /> <span class="muted small">{localClock(at, h.timezone)}</span>
                </li>
              ))}
            </ol>
          )}
          <NextRunReason heartbeat={h} />
        </Panel>
        <Panel id="health" title="Health">
          <dl class="facts">
            <dt>State</dt>
            <dd>
              <Badge value={h.state} /> <StateReason heartbeat={h} />
            </dd>
            <dt>Last run</dt>
            <dd>
              <Badge value={h.last_status} label={h.last_status ?? 'never'} />{' '}
              <Time at={h.last_executed_at} now={props.now} />
            </dd>
            <dt>Error streak</dt>
            <dd>{`${h.consecutive_errors} of ${h.max_consecutive_errors} before pausing`}</dd>
            <dt>Runs</dt>
            <dd>{`${h.execution_count} (${h.error_count} errors)`}</dd>
            <dt>Credits</dt>
            <dd>
              <Credits used={h.credits_used} budget={h.credit_budget} />
            </dd>
            <ForecastFacts heartbeat={h} now={props.now} />
          </dl>
        </Panel>
      </div>
      {props.activity}
    </div>
  );
}
