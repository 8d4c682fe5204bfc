/** The heartbeat form (create and edit) and its schedule preview panel. */
import type { Child } from 'hono/jsx';
import { Table } from '../table.js';
import type { Bot, Heartbeat, Preview } from '../api.js';
import { described, ErrorSummary, Field, Layout, type SignedIn } from '../layout.js';
import { AgentFieldset, agentFormBody, agentValuesOf } from './agent-fields.js';
import { PolicyFields, policyBody, policyValues } from './policies.js';

export type FormValues = Record<string, string | string[]>;

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Every IANA zone the runtime knows, UTC first, for the time zone picker. */
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

/** A heartbeat as form values (for editing), or the defaults of a new one. */
export function valuesOf(h?: Heartbeat, botId?: string): FormValues {
  if (!h)
    return {
      bot_id: botId ?? '',
      schedule: 'interval',
      interval_minutes: '60',
      timezone: 'UTC',
      max_consecutive_errors: '5',
      jitter_seconds: '0',
      enabled: 'on',
      days: [],
      ...agentValuesOf(),
      ...policyValues(),
    };
  return {
    bot_id: h.bot_id,
    member_id: h.member_id ?? '',
    prompt: h.prompt,
    schedule: h.cron_pattern ? 'cron' : 'interval',
    interval_minutes: h.interval_minutes === null ? '' : String(h.interval_minutes),
    cron_pattern: h.cron_pattern ?? '',
    timezone: h.timezone,
    active_hours_start: h.active_hours_start ?? '',
    active_hours_end: h.active_hours_end ?? '',
    days: h.active_days ? h.active_days.split(',').map((d) => d.trim()) : [],
    credit_budget: h.credit_budget === null ? '' : String(h.credit_budget),
    max_consecutive_errors: String(h.max_consecutive_errors),
    jitter_seconds: String(h.jitter_seconds),
    ...agentValuesOf(h),
    ...policyValues(h),
  };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** A number field as the API takes it: null when blank; text the API will refuse as it is. */
const numberOrText = (v: string) => (v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : v);

/** The form's values as a configure (or preview) body: every field, so an edit can clear one. */
export function scheduleBody(f: FormValues) {
  const cron = one(f.schedule) === 'cron';
  const days = many(f.days);
  return {
    prompt: one(f.prompt),
    interval_minutes: cron ? null : numberOrText(one(f.interval_minutes)),
    cron_pattern: cron ? one(f.cron_pattern) : null,
    timezone: one(f.timezone) || 'UTC',
    active_hours_start: one(f.active_hours_start) || null,
    active_hours_end: one(f.active_hours_end) || null,
    active_days: days.length === 0 || days.length === 7 ? null : days.join(','),
    credit_budget: numberOrText(one(f.credit_budget)),
    max_consecutive_errors: numberOrText(one(f.max_consecutive_errors)) ?? 5,
    jitter_seconds: numberOrText(one(f.jitter_seconds)) ?? 0,
    member_id: one(f.member_id) || null,
    ...agentFormBody(f),
    ...policyBody(f),
  };
}

export function HeartbeatFormPage(props: {
  signedIn: SignedIn;
  heartbeat?: Heartbeat;
  bots: Bot[];
  members: Array<{ uuid: string; name: string }>;
  values: FormValues;
  errors: Record<string, string>;
  failure?: { message: string; code: string };
  /** A preview answered without script (the form posted to /preview). */
  preview?: Child;
}) {
  const { values: v, errors: e, heartbeat } = props;
  const editing = heartbeat !== undefined;
  const action = editing ? `/heartbeats/${heartbeat.uuid}` : '/heartbeats';
  const cron = one(v.schedule) === 'cron';
  const days = many(v.days);
  const input = (name: string, extra: Record<string, unknown> = {}, hint = false) => (
    <input id={name} name={name} value={one(v[name])} {...described(name, e[name], hint)} {...extra} />
  );
  return (
    <Layout title={editing ? 'Edit heartbeat' : 'New heartbeat'} signedIn={props.signedIn}>
      <h1>{editing ? 'Edit heartbeat' : 'New heartbeat'}</h1>
      <ErrorSummary message={props.failure?.message} code={props.failure?.code} />
      <form method="post" action={action} class="panel" novalidate>
        {editing ? (
          <>
            <input type="hidden" name="bot_id" value={heartbeat.bot_id} />
            <input type="hidden" name="heartbeat_id" value={heartbeat.uuid} />
          </>
        ) : (
          <Field name="bot_id" label="Bot" error={e.bot_id}>
            <select id="bot_id" name="bot_id" {...described('bot_id', e.bot_id)}>
              {props.bots.map((b) => (
                <option value={b.uuid} selected={one(v.bot_id) === b.uuid}>
                  {b.heartbeat ? b.name : `${b.name} (heartbeat flag off)`}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field name="prompt" label="Prompt" hint="what the agent is asked each run" error={e.prompt}>
          <textarea id="prompt" name="prompt" required {...described('prompt', e.prompt, true)}>
            {one(v.prompt)}
          </textarea>
        </Field>
        <fieldset>
          <legend>Schedule</legend>
          <label>
            <input type="radio" name="schedule" value="interval" checked={!cron} /> Every N minutes
          </label>
          <label>
            <input type="radio" name="schedule" value="cron" checked={cron} /> Cron pattern
          </label>
          <div class="grid" style="margin-top:.6rem">
            <Field
              name="interval_minutes"
              label="Interval"
              hint="minutes, when every N minutes"
              error={e.interval_minutes}
            >
              {input('interval_minutes', { type: 'number', min: '1', inputmode: 'numeric' }, true)}
            </Field>
            <Field name="cron_pattern" label="Cron pattern" hint="5 fields, e.g. 0 9 * * 1-5" error={e.cron_pattern}>
              {input('cron_pattern', { type: 'text', placeholder: '0 9 * * 1-5', spellcheck: 'false' }, true)}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>Active window (optional)</legend>
          <div class="grid">
            <Field name="timezone" label="Time zone" hint="IANA, e.g. Europe/Berlin" error={e.timezone}>
              {input('timezone', { type: 'text', list: 'zones', autocomplete: 'off', spellcheck: 'false' }, true)}
              <datalist id="zones">
                {ZONES.map((z) => (
                  <option value={z} />
                ))}
              </datalist>
            </Field>
            <Field name="active_hours_start" label="From" hint="HH:MM" error={e.active_hours_start}>
              {input('active_hours_start', { type: 'text', placeholder: '09:00', inputmode: 'numeric' }, true)}
            </Field>
            <Field name="active_hours_end" label="Until" hint="HH:MM, 24:00 for midnight" error={e.active_hours_end}>
              {input('active_hours_end', { type: 'text', placeholder: '17:00', inputmode: 'numeric' }, true)}
            </Field>
          </div>
          <fieldset aria-describedby={e.active_days ? 'active_days-error' : undefined}>
            <legend>Days (none = every day)</legend>
            {DAYS.map((d, i) => (
              <label>
                <input type="checkbox" name="days" value={String(i + 1)} checked={days.includes(String(i + 1))} /> {d}
              </label>
            ))}
            {e.active_days && (
              <div class="error-text" id="active_days-error">
                {e.active_days}
              </div>
            )}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>Limits</legend>
          <div class="grid">
            <Field
              name="credit_budget"
              label="Credit budget"
              hint="per billing period; blank for none"
              error={e.credit_budget}
            >
              {input('credit_budget', { type: 'number', min: '0', inputmode: 'numeric' }, true)}
            </Field>
            <Field name="max_consecutive_errors" label="Pause after errors in a row" error={e.max_consecutive_errors}>
              {input('max_consecutive_errors', { type: 'number', min: '1', inputmode: 'numeric' })}
            </Field>
            <Field name="jitter_seconds" label="Jitter" hint="seconds, spreads runs" error={e.jitter_seconds}>
              {input('jitter_seconds', { type: 'number', min: '0', inputmode: 'numeric' }, true)}
            </Field>
          </div>
          {props.members.length > 0 && (
            <Field name="member_id" label="For member" error={e.member_id}>
              <select id="member_id" name="member_id" {...described('member_id', e.member_id)}>
                <option value="">(none)</option>
                {props.members.map((m) => (
                  <option value={m.uuid} selected={one(v.member_id) === m.uuid}>
                    {m.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </fieldset>
        <AgentFieldset values={v} errors={e} />
        <PolicyFields values={v} errors={e} />
        {!editing && (
          <div class="field">
            <label>
              <input type="checkbox" name="enabled" checked={one(v.enabled) === 'on'} /> Start running now
            </label>
          </div>
        )}
        <div class="row">
          <button type="submit" class="primary">
            {editing ? 'Save changes' : 'Create heartbeat'}
          </button>
          <button type="submit" formaction="/preview" hx-post="/preview" hx-target="#preview" hx-swap="innerHTML">
            Preview next runs
          </button>
          <label class="small">
            starting{' '}
            <input
              type="date"
              name="preview_from"
              value={one(v.preview_from)}
              aria-label="Preview starting on this day"
            />
          </label>
          <a class="button" href={editing ? `/heartbeats/${heartbeat.uuid}` : '/'}>
            Cancel
          </a>
        </div>
        <div id="preview" aria-live="polite">
          {props.preview}
        </div>
      </form>
    </Layout>
  );
}

/** "2026-03-09T09:00:00-04:00" as "2026-03-09 09:00 (UTC−04:00)", with or without milliseconds. */
export const localText = (iso: string) => {
  const offset = /([+-]\d{2}:\d{2})$/.exec(iso)?.[1] ?? '+00:00';
  return `${iso.slice(0, 16).replace('T', ' ')} (UTC${offset.replace('-', '\u2212')})`;
};

/** What the schedule would do: its sentence and next runs, with any clock change. */
export function PreviewPanel(props: { preview?: Preview; errors?: Record<string, string>; message?: string }) {
  if (!props.preview) {
    return (
      <div class="alert" role="alert" id="preview-errors">
        <strong>{props.message ?? 'The schedule is not valid.'}</strong>
        <ul>
          {Object.entries(props.errors ?? {}).map(([field, message]) => (
            <li>{`${field}: ${message}`}</li>
          ))}
        </ul>
      </div>
    );
  }
  const p = props.preview;
  return (
    <div class="panel" id="preview-result" style="margin-top:1rem">
      <p>
        <strong>{p.schedule_description}</strong>
        <span class="muted small">{` · ${p.runs_per_period} runs this billing period`}</span>
      </p>
      <Table
        label="Next runs"
        rows={p.runs}
        columns={[
          { label: 'UTC', cell: (r) => r.at.replace('T', ' ').slice(0, 16) },
          { label: 'Local time', cell: (r) => localText(r.local) },
          { label: 'Note', class: 'small', cell: (r) => [r.clock_change, r.dst_note].filter(Boolean).join('; ') },
        ]}
      />
      {p.clock_changes.length > 0 && (
        <Table
          label="Clock changes"
          rows={p.clock_changes}
          columns={[
            { label: 'Day', cell: (c) => c.date },
            { label: 'Change', class: 'small', cell: (c) => c.clock_change },
            { label: 'This schedule', class: 'small', cell: (c) => c.effect },
          ]}
        />
      )}
    </div>
  );
}
