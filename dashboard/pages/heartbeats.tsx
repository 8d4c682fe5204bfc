/** The heartbeats list: the project's heartbeats with state, schedule, last run and credits. */
import type { Bot, Heartbeat } from '../api.js';
import { Badge, Layout, Time } from '../layout.js';

/** Credits used against the budget, as a meter when there is a budget. */
export function Credits(props: { used: number; budget: number | null }) {
  if (props.budget === null) return <span>{`${props.used} (no budget)`}</span>;
  return (
    <span class="row">
      <meter
        min="0"
        max={props.budget}
        value={Math.min(props.used, props.budget)}
        aria-label="Credits used of budget"
      />
      <span>{`${props.used} / ${props.budget}`}</span>
    </span>
  );
}

export function HeartbeatListPage(props: {
  projectId: string;
  bots: Bot[];
  members: Array<{ uuid: string; name: string }>;
  filter: { bot?: string; member?: string };
  heartbeats: Heartbeat[];
  notice?: string;
  now: Date;
}) {
  const botName = new Map(props.bots.map((b) => [b.uuid, b.name]));
  return (
    <Layout title="Heartbeats" signedIn={{ projectId: props.projectId }}>
      <div class="row" style="justify-content:space-between">
        <h1>Heartbeats</h1>
        <a class="button primary" href={`/heartbeats/new${props.filter.bot ? `?bot=${props.filter.bot}` : ''}`}>
          New heartbeat
        </a>
      </div>
      {props.notice && (
        <div class="notice" role="status">
          {props.notice}
        </div>
      )}
      <form method="get" action="/" class="panel row" aria-label="Filter heartbeats">
        <div>
          <label for="bot">Bot</label>
          <select id="bot" name="bot">
            <option value="">All bots</option>
            {props.bots.map((b) => (
              <option value={b.uuid} selected={props.filter.bot === b.uuid}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        {props.members.length > 0 && (
          <div>
            <label for="member">Member</label>
            <select id="member" name="member">
              <option value="">Anyone</option>
              {props.members.map((m) => (
                <option value={m.uuid} selected={props.filter.member === m.uuid}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" style="align-self:flex-end">
          Filter
        </button>
      </form>
      {props.heartbeats.length === 0 ? (
        <p class="panel">
          {props.bots.length === 0
            ? 'No bots yet: create one through the API (POST /v1/bot/create), then add a heartbeat here.'
            : 'No heartbeats here yet. '}
          {props.bots.length > 0 && <a href="/heartbeats/new">Create the first one</a>}
        </p>
      ) : (
        <div class="table-wrap">
          <table aria-label="Heartbeats">
            <thead>
              <tr>
                <th scope="col">Heartbeat</th>
                <th scope="col">State</th>
                <th scope="col">Schedule</th>
                <th scope="col">Next run</th>
                <th scope="col">Last run</th>
                <th scope="col" class="num">
                  Error streak
                </th>
                <th scope="col">Credits</th>
              </tr>
            </thead>
            <tbody>
              {props.heartbeats.map((h) => (
                <tr data-heartbeat={h.uuid}>
                  <td>
                    <a href={`/heartbeats/${h.uuid}`}>
                      {h.prompt.length > 60 ? `${h.prompt.slice(0, 57)}…` : h.prompt}
                    </a>
                    <div class="muted small">{botName.get(h.bot_id) ?? h.bot_id}</div>
                  </td>
                  <td>
                    <Badge value={h.state} />
                  </td>
                  <td>{h.schedule_description}</td>
                  <td>
                    <Time at={h.next_run_at} now={props.now} />
                  </td>
                  <td>
                    <Badge value={h.last_status} label={h.last_status ?? 'never'} />
                  </td>
                  <td class="num">{`${h.consecutive_errors} / ${h.max_consecutive_errors}`}</td>
                  <td>
                    <Credits used={h.credits_used} budget={h.credit_budget} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
