/**
 * What a heartbeat's runs report and cost, as its pages show it: outcome badges, the agent's
 * options, the quiet rate and what the cost ladder saved, and the forecast beside the budget.
 */
import type { Heartbeat, LogEntry, Stats } from '../api.js';
import { Badge, Panel, Time } from '../layout.js';

/** What a run reported: a badge (none when it reported nothing), its summary on hover. */
export function OutcomeBadge(props: { run: Pick<LogEntry, 'outcome' | 'summary'> }) {
  const { outcome, summary } = props.run;
  if (!outcome) return <span class="muted small">–</span>;
  return (
    <span title={summary ?? undefined}>
      <Badge value={outcome} />
    </span>
  );
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

const NOTIFY_WORDS: Record<Heartbeat['notify_policy'], string> = {
  always: 'every run’s',
  unless_quiet: 'all but nothing_to_report runs’ (kept, not sent)',
  needs_attention: 'needs_attention runs’ only (the rest kept, not sent)',
};

/** The agent's options and what they did over the stats' days. */
export function AgentPanel(props: { heartbeat: Heartbeat; stats: Stats }) {
  const h = props.heartbeat;
  const s = props.stats;
  const days = s.time_series.length;
  return (
    <Panel id="agent" title="Agent">
      <dl class="facts">
        <dt>Notifications sent</dt>
        <dd>{NOTIFY_WORDS[h.notify_policy]}</dd>
        <dt>Cost ladder</dt>
        <dd>
          {[
            h.precheck_url ? `precheck ${h.precheck_url}` : 'no precheck',
            h.triage_model ? `triage by ${h.triage_model}` : 'no triage',
            `model ${h.model ?? 'of the bot'}`,
            h.max_credits_per_run === null ? null : `at most ${h.max_credits_per_run} credits a run`,
          ]
            .filter(Boolean)
            .join(' → ')}
        </dd>
        <dt>Cadence</dt>
        <dd>
          {h.cadence === 'adaptive'
            ? `adaptive, every ${h.interval_minutes} to ${h.max_interval_minutes} min`
            : 'fixed'}
        </dd>
        <dt>Context</dt>
        <dd>
          {h.context === 'digest' ? `digest of the last ${h.context_runs} runs` : h.context}
          {h.context_token_limit !== null && <span class="muted small">{` (≤ ${h.context_token_limit} tokens)`}</span>}
        </dd>
        <dt>Quiet rate</dt>
        <dd id="quiet-rate">
          {`${percent(s.quiet_rate)} nothing to report`}
          <span class="muted small">{` (last ${days} days)`}</span>
        </dd>
        <dt>Credits saved</dt>
        <dd id="credits-saved">
          {`about ${s.credits_saved}`}
          <span class="muted small">{` (${s.precheck_skipped} skipped by the precheck, ${s.triage_ended} ended by triage)`}</span>
        </dd>
      </dl>
    </Panel>
  );
}

/** The forecast, shown beside the budget: what the period will cost at the latest pace. */
export function ForecastFacts(props: { heartbeat: Heartbeat; now: Date }) {
  const f = props.heartbeat.forecast;
  return (
    <>
      <dt>This period</dt>
      <dd id="forecast">
        {`${f.credits_expected_this_period} credits expected: ${f.runs_left_this_period} more runs of ${f.runs_per_period} at ${f.avg_credits_per_run} a run`}
      </dd>
      {props.heartbeat.credit_budget !== null && (
        <>
          <dt>Budget runs out</dt>
          <dd>
            {f.budget_exhausted_at ? (
              <Time at={f.budget_exhausted_at} now={props.now} />
            ) : (
              <span class="muted">not this period</span>
            )}
          </dd>
        </>
      )}
    </>
  );
}

/** Why the next run is when it is, for an adaptive heartbeat. */
export function NextRunReason(props: { heartbeat: Heartbeat }) {
  const why = props.heartbeat.next_run_reason;
  return why ? <p class="muted small" id="next-run-reason">{`Adapted: ${why}.`}</p> : null;
}
