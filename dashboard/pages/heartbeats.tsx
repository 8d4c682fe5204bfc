/** The heartbeats list: the project's heartbeats with state, schedule, last run and credits. */
import type { Bot, Heartbeat } from '../api.js';
import { Badge, Layout, mayChange, Notice, Time, type SignedIn } from '../layout.js';
import { FilterForm, Select, Table } from '../table.js';

/** A prompt cut to `max` characters, for headings and list rows. */
export const shortPrompt = (prompt: string, max: number) =>
  prompt.length > max ? `${prompt.slice(0, max - 3)}…` : prompt;

/**
 * What tells two heartbeats with the same prompt apart: their bot, their member, and the start
 * of their id.
 */
export const whose = (h: Heartbeat, bot: string | undefined, members?: Map<string, string>) =>
  [bot ?? h.bot_id, h.member_id ? `for ${members?.get(h.member_id) ?? h.member_id}` : '', `#${h.uuid.slice(0, 8)}`]
    .filter(Boolean)
    .join(' · ');

/** Credits used against the budget, as a meter when there is a budget. */
export function Credits(props: { used: number; budget: number | null }) {
  if (props.budget === null) return <span>{`${props.used} (no budget)`}</span>;
  return (
    <span class="credits">
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

/** Links to newer and older heartbeats, when there are more than one page holds. */
function Pager(props: {
  filter: { bot?: string; member?: string };
  pages: { page: number; of: number; total: number };
}) {
  const { page, of, total } = props.pages;
  if (of <= 1) return null;
  const shown = Object.entries(props.filter).filter((e): e is [string, string] => Boolean(e[1]));
  const href = (n: number) => `/?${new URLSearchParams([...shown, ['page', String(n)]]).toString()}`;
  return (
    <nav class="pager" aria-label="Pages of heartbeats">
      {page > 1 && <a href={href(page - 1)}>Newer</a>}
      <span class="muted small">{`Page ${page} of ${of} (${total} heartbeats)`}</span>
      {page < of && <a href={href(page + 1)}>Older</a>}
    </nav>
  );
}

export function HeartbeatListPage(props: {
  signedIn: SignedIn;
  bots: Bot[];
  members: Array<{ uuid: string; name: string }>;
  filter: { bot?: string; member?: string };
  heartbeats: Heartbeat[];
  /** Which page of 100 this is, newest first. */
  pages: { page: number; of: number; total: number };
  notice?: string;
  now: Date;
}) {
  const botName = new Map(props.bots.map((b) => [b.uuid, b.name]));
  const memberName = new Map(props.members.map((m) => [m.uuid, m.name]));
  return (
    <Layout title="Heartbeats" signedIn={props.signedIn}>
      <div class="row" style="justify-content:space-between">
        <h1>Heartbeats</h1>
        {mayChange(props.signedIn) && (
          <a class="button primary" href={`/heartbeats/new${props.filter.bot ? `?bot=${props.filter.bot}` : ''}`}>
            New heartbeat
          </a>
        )}
      </div>
      <Notice text={props.notice} />
      <FilterForm action="/" label="Filter heartbeats" class="panel">
        <Select
          name="bot"
          label="Bot"
          options={[['', 'All bots'], ...props.bots.map((b): [string, string] => [b.uuid, b.name])]}
          selected={props.filter.bot}
        />
        {props.members.length > 0 && (
          <Select
            name="member"
            label="Member"
            options={[['', 'Anyone'], ...props.members.map((m): [string, string] => [m.uuid, m.name])]}
            selected={props.filter.member}
          />
        )}
      </FilterForm>
      {props.heartbeats.length === 0 ? (
        <p class="panel">
          {props.bots.length === 0
            ? 'No bots yet: create one through the API (POST /v1/bot/create), then add a heartbeat here.'
            : 'No heartbeats here yet. '}
          {props.bots.length > 0 && mayChange(props.signedIn) && <a href="/heartbeats/new">Create the first one</a>}
        </p>
      ) : (
        <Table
          label="Heartbeats"
          rows={props.heartbeats}
          rowAttrs={(h) => ({ 'data-heartbeat': h.uuid })}
          columns={[
            {
              label: 'Heartbeat',
              cell: (h) => (
                <>
                  <a href={`/heartbeats/${h.uuid}`}>{shortPrompt(h.prompt, 60)}</a>
                  <div class="muted small">{whose(h, botName.get(h.bot_id), memberName)}</div>
                </>
              ),
            },
            { label: 'State', cell: (h) => <Badge value={h.state} /> },
            { label: 'Schedule', cell: (h) => h.schedule_description },
            { label: 'Next run', cell: (h) => <Time at={h.next_run_at} now={props.now} /> },
            { label: 'Last run', cell: (h) => <Badge value={h.last_status} label={h.last_status ?? 'never'} /> },
            {
              label: 'Error streak',
              class: 'num',
              cell: (h) => `${h.consecutive_errors} / ${h.max_consecutive_errors}`,
            },
            { label: 'Credits', cell: (h) => <Credits used={h.credits_used} budget={h.credit_budget} /> },
          ]}
        />
      )}
      <Pager filter={props.filter} pages={props.pages} />
    </Layout>
  );
}
