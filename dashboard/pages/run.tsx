/** One run's page: prompt, answer, tool calls, cost and notifications. */
import type { LogEntry, components } from '../api.js';
import { Badge, Layout, Time, type SignedIn } from '../layout.js';
import { Table } from '../table.js';
import { OutcomeBadge } from './agent.js';

type Notification = components['schemas']['Notification'];

export function RunPage(props: {
  signedIn: SignedIn;
  heartbeatId: string;
  run: LogEntry;
  notifications: Notification[];
  now: Date;
}) {
  const r = props.run;
  return (
    <Layout title="Run" signedIn={props.signedIn}>
      <p class="small">
        <a href="/">Heartbeats</a> › <a href={`/heartbeats/${props.heartbeatId}`}>Heartbeat</a> › Run
      </p>
      <h1 class="row">
        {`${r.type === 'manual' ? 'Manual' : 'Heartbeat'} run`} <Badge value={r.status} />
      </h1>
      <div class="grid">
        <section class="panel" aria-label="Facts">
          <dl class="facts">
            <dt>Run key</dt>
            <dd>
              <code>{r.run_key}</code>
            </dd>
            <dt>Recorded</dt>
            <dd>
              <Time at={r.created_at} now={props.now} />
            </dd>
            <dt>Due</dt>
            <dd>
              <Time at={r.scheduled_for} now={props.now} />
            </dd>
            <dt>Started</dt>
            <dd>
              <Time at={r.started_at} now={props.now} />
            </dd>
            <dt>Duration</dt>
            <dd>{`${r.duration_ms} ms`}</dd>
            <dt>Tokens</dt>
            <dd>{String(r.tokens_used)}</dd>
            <dt>Credits</dt>
            <dd>{String(r.credits_charged)}</dd>
            <dt>Attempts</dt>
            <dd>{String(r.attempts)}</dd>
            {r.config_version !== null && (
              <>
                <dt>Version</dt>
                <dd>
                  <a href={`/heartbeats/${props.heartbeatId}/versions#v${r.config_version}`}>
                    {`configuration ${r.config_version}`}
                  </a>
                </dd>
              </>
            )}
            {r.reason && (
              <>
                <dt>Reason</dt>
                <dd>{r.reason.replace(/_/g, ' ')}</dd>
              </>
            )}
            <dt>Outcome</dt>
            <dd>
              <OutcomeBadge run={r} />
              {r.next_check_in_minutes !== null && (
                <span class="muted small">{` asked to look again in ${r.next_check_in_minutes} min`}</span>
              )}
            </dd>
            {r.escalated !== null && (
              <>
                <dt>Triage</dt>
                <dd>{`${r.escalated ? 'escalated to the full model' : 'ended the run'} (${r.triage_tokens_used ?? 0} tokens)`}</dd>
              </>
            )}
            {r.precheck && (
              <>
                <dt>Precheck</dt>
                <dd>
                  {r.precheck}
                  {r.precheck_note && <span class="muted small">{` (${r.precheck_note})`}</span>}
                </dd>
              </>
            )}
          </dl>
        </section>
      </div>
      {r.summary && (
        <>
          <h2>Summary</h2>
          <pre class="text">{r.summary}</pre>
        </>
      )}
      <h2>Prompt</h2>
      <pre class="text">{r.prompt}</pre>
      <h2>Response</h2>
      {r.response ? <pre class="text">{r.response}</pre> : <p class="muted">None.</p>}
      {r.error_message && (
        <>
          <h2>Error</h2>
          <pre class="text">{r.error_message}</pre>
        </>
      )}
      <h2 id="tools-heading">Tool calls</h2>
      {r.tool_calls.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <Table
          labelledBy="tools-heading"
          rows={r.tool_calls.map((t, i) => ({ ...t, n: i + 1 }))}
          columns={[
            { label: '#', cell: (t) => String(t.n) },
            { label: 'Tool', cell: (t) => <code>{t.name}</code> },
            {
              label: 'Result',
              cell: (t) => <Badge value={t.ok ? 'success' : 'error'} label={t.ok ? 'ok' : 'failed'} />,
            },
            { label: 'Duration', class: 'num', cell: (t) => `${t.duration_ms} ms` },
          ]}
        />
      )}
      {r.interrupted_attempts.length > 0 && (
        <p class="small muted">
          {`Earlier attempts cut short: ${r.interrupted_attempts.map((a) => `#${a.attempt}${a.reached_provider ? ' (had called the model)' : ''}`).join(', ')}.`}
        </p>
      )}
      <h2 id="notifications-heading">Notifications</h2>
      {props.notifications.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <Table
          labelledBy="notifications-heading"
          rows={props.notifications}
          columns={[
            { label: 'Title', cell: (n) => n.title },
            { label: 'Body', cell: (n) => n.body },
            {
              label: 'Delivery',
              cell: (n) => (
                <>
                  {n.suppressed ? (
                    <span title="Kept, not sent: the heartbeat's notify_policy held it back">suppressed</span>
                  ) : (
                    n.delivery_status
                  )}{' '}
                  {n.delivered_at && <Time at={n.delivered_at} now={props.now} />}
                </>
              ),
            },
          ]}
        />
      )}
    </Layout>
  );
}
