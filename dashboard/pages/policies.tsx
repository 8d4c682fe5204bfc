/** A heartbeat's schedule policies on the dashboard: in words, and as the form's fields. */
import type { Heartbeat } from '../api.js';
import { described, Field } from '../layout.js';

type FormValues = Record<string, string | string[]>;

/** Each policy value in words, as the form offers it and the heartbeat page says it. */
export const POLICY_WORDS = {
  missed_runs: {
    run_once: 'run the latest once (default)',
    skip: 'skip them',
    run_all: 'run each, oldest first',
  },
  repeated_hour: { first: 'run at the first (default)', both: 'run at both' },
  skipped_hour: { shift: 'run at the end of the gap (default)', skip: 'skip that day' },
  overlap: { queue: 'wait for it (default)', skip: 'refuse the trigger' },
} as const;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** A heartbeat's policies as form values, or the defaults of a new one. */
export function policyValues(h?: Heartbeat): FormValues {
  return {
    missed_runs: h?.missed_runs ?? 'run_once',
    catch_up_window_minutes: String(h?.catch_up_window_minutes ?? 60),
    repeated_hour: h?.dst_policy.repeated_hour ?? 'first',
    skipped_hour: h?.dst_policy.skipped_hour ?? 'shift',
    overlap: h?.overlap ?? 'queue',
  };
}

/** The policies as a configure body sends them (text the API will refuse is sent as it is). */
export function policyBody(f: FormValues) {
  const window = one(f.catch_up_window_minutes);
  return {
    missed_runs: one(f.missed_runs) || 'run_once',
    catch_up_window_minutes: window === '' ? 60 : Number.isFinite(Number(window)) ? Number(window) : window,
    dst_policy: { repeated_hour: one(f.repeated_hour) || 'first', skipped_hour: one(f.skipped_hour) || 'shift' },
    overlap: one(f.overlap) || 'queue',
  };
}

/** The form's policy fields; `errors` by the API's field names. */
export function PolicyFields(props: { values: FormValues; errors: Record<string, string> }) {
  const { values: v, errors: e } = props;
  const select = (name: keyof typeof POLICY_WORDS, field: string) => (
    <select id={name} name={name} {...described(name, e[field])}>
      {Object.entries(POLICY_WORDS[name]).map(([value, words]) => (
        <option value={value} selected={one(v[name]) === value}>
          {words}
        </option>
      ))}
    </select>
  );
  return (
    <fieldset>
      <legend>When runs are missed, clocks change, or a trigger meets a run</legend>
      <div class="grid">
        <Field name="missed_runs" label="Runs missed while down" error={e.missed_runs}>
          {select('missed_runs', 'missed_runs')}
        </Field>
        <Field
          name="catch_up_window_minutes"
          label="Catch up at most"
          hint="minutes back, when running each"
          error={e.catch_up_window_minutes}
        >
          <input
            id="catch_up_window_minutes"
            name="catch_up_window_minutes"
            type="number"
            min="1"
            max="1440"
            inputmode="numeric"
            value={one(v.catch_up_window_minutes)}
            {...described('catch_up_window_minutes', e.catch_up_window_minutes, true)}
          />
        </Field>
        <Field name="skipped_hour" label="A time the clocks skip" error={e['dst_policy.skipped_hour']}>
          {select('skipped_hour', 'dst_policy.skipped_hour')}
        </Field>
        <Field name="repeated_hour" label="A time the clocks repeat" error={e['dst_policy.repeated_hour']}>
          {select('repeated_hour', 'dst_policy.repeated_hour')}
        </Field>
        <Field name="overlap" label="Trigger during a run" error={e.overlap}>
          {select('overlap', 'overlap')}
        </Field>
      </div>
    </fieldset>
  );
}

/** The policies as the heartbeat page's facts. */
export function PolicyFacts(props: { heartbeat: Heartbeat }) {
  const h = props.heartbeat;
  const missed =
    h.missed_runs === 'run_all'
      ? `${POLICY_WORDS.missed_runs.run_all}, up to ${h.catch_up_window_minutes} min back`
      : POLICY_WORDS.missed_runs[h.missed_runs];
  return (
    <>
      <dt>Missed runs</dt>
      <dd>{missed}</dd>
      <dt>Clock changes</dt>
      <dd>{`skipped time: ${POLICY_WORDS.skipped_hour[h.dst_policy.skipped_hour]}; repeated time: ${POLICY_WORDS.repeated_hour[h.dst_policy.repeated_hour]}`}</dd>
      <dt>Trigger during a run</dt>
      <dd>{POLICY_WORDS.overlap[h.overlap]}</dd>
    </>
  );
}
