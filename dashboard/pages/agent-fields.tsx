/** The heartbeat form's agent options: delivery, the cost ladder, cadence and context. */
import { CADENCE_MODES, CONTEXT_MODES, NOTIFY_POLICIES } from '../../domain/outcome.js';
import type { Heartbeat } from '../api.js';
import { described, Field } from '../layout.js';

type Values = Record<string, string | string[]>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
/** A number field as the API takes it: null when blank; text the API will refuse as it is. */
const numberOrText = (v: string) => (v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : v);
const orBlank = (v: string | number | null) => (v === null ? '' : String(v));

/** A heartbeat's agent options as form values, or a new one's defaults. */
export function agentValuesOf(h?: Heartbeat): Values {
  if (!h) return { notify_policy: 'unless_quiet', cadence: 'fixed', context: 'today', context_runs: '5' };
  return {
    notify_policy: h.notify_policy,
    precheck_url: h.precheck_url ?? '',
    triage_model: h.triage_model ?? '',
    model: h.model ?? '',
    max_credits_per_run: orBlank(h.max_credits_per_run),
    cadence: h.cadence,
    max_interval_minutes: h.cadence === 'adaptive' ? orBlank(h.max_interval_minutes) : '',
    context: h.context,
    context_runs: String(h.context_runs),
    context_token_limit: orBlank(h.context_token_limit),
  };
}

/** The form's agent options as configure fields: every one, so an edit can clear one. */
export function agentFormBody(f: Values) {
  return {
    notify_policy: one(f.notify_policy) || 'unless_quiet',
    precheck_url: one(f.precheck_url) || null,
    triage_model: one(f.triage_model) || null,
    model: one(f.model) || null,
    max_credits_per_run: numberOrText(one(f.max_credits_per_run)),
    cadence: one(f.cadence) || 'fixed',
    max_interval_minutes: numberOrText(one(f.max_interval_minutes)),
    context: one(f.context) || 'today',
    context_runs: numberOrText(one(f.context_runs)) ?? 5,
    context_token_limit: numberOrText(one(f.context_token_limit)),
  };
}

function Choice(props: {
  name: string;
  label: string;
  hint: string;
  options: readonly string[];
  v: Values;
  e: Values;
}) {
  const { name, v, e } = props;
  const error = one(e[name]) || undefined;
  return (
    <Field name={name} label={props.label} hint={props.hint} error={error}>
      <select id={name} name={name} {...described(name, error, true)}>
        {props.options.map((o) => (
          <option value={o} selected={one(v[name]) === o}>
            {o.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The fieldset: each option beside its hint and the API's error for it. */
export function AgentFieldset(props: { values: Values; errors: Record<string, string> }) {
  const { values: v, errors: e } = props;
  const input = (name: string, label: string, hint: string, extra: Record<string, unknown>) => (
    <Field name={name} label={label} hint={hint} error={e[name]}>
      <input id={name} name={name} value={one(v[name])} {...described(name, e[name], true)} {...extra} />
    </Field>
  );
  const number = { type: 'number', min: '1', inputmode: 'numeric' };
  const text = { type: 'text', spellcheck: 'false' };
  return (
    <fieldset>
      <legend>Agent</legend>
      <div class="grid">
        <Choice
          name="notify_policy"
          label="Send notifications of"
          hint="unless quiet: a nothing-to-report run's are kept, not sent"
          options={NOTIFY_POLICIES}
          v={v}
          e={e}
        />
        {input('precheck_url', 'Precheck URL', 'GET first; {"changed": false} skips the run for free', {
          ...text,
          type: 'url',
          placeholder: 'https://…',
        })}
        {input('triage_model', 'Triage model', 'a cheaper model that looks first; blank for none', text)}
        {input('model', 'Model', "blank: the bot's", text)}
        {input('max_credits_per_run', 'Credits per run', 'at most; blank for no limit but the budget', number)}
        <Choice
          name="cadence"
          label="Cadence"
          hint="adaptive: the next run follows what runs find (every-N schedules only)"
          options={CADENCE_MODES}
          v={v}
          e={e}
        />
        {input(
          'max_interval_minutes',
          'Longest wait',
          'minutes, when adaptive; blank: four times the every-N minutes',
          number,
        )}
        <Choice
          name="context"
          label="Context"
          hint="what a run is told of earlier runs"
          options={CONTEXT_MODES}
          v={v}
          e={e}
        />
        {input('context_runs', 'Digest of', 'the last N runs', number)}
        {input('context_token_limit', 'Context limit', 'tokens earlier runs may add; blank for none', number)}
      </div>
    </fieldset>
  );
}
