/**
 * The agent's part of a run: the cost ladder (precheck, then the agent with its triage model),
 * and what its outcome adds to the run's row and result.
 */
import type { AgentRunOutcome, ExecuteRunInput } from '../contract/activities.js';
import { agentInputOf } from '../contract/runs.js';
import type { OutcomeReport } from '../domain/outcome.js';
import { creditCeiling, type RunSituation } from '../domain/run-decision.js';
import type { NewHeartbeatRun } from '../db/database.js';
import { runAgent } from './agent/run.js';
import type { AttemptLog } from './attempts.js';
import type { ActivityDeps } from './deps.js';
import { runPrecheck } from './precheck.js';
import { profileOf, type RunContext } from './run-context.js';
import { SecretUnreadableError } from '../secrets.js';

/**
 * The cost ladder, cheapest first: the precheck (when the heartbeat has one) may skip the run for
 * free; otherwise the agent runs (its triage model first, when it has one), within the run's
 * credit ceiling.
 */
export async function agentOutcome(
  deps: ActivityDeps,
  input: ExecuteRunInput,
  run: RunSituation,
  context: RunContext | undefined,
  attempts: AttemptLog<AgentRunOutcome>,
  signal: AbortSignal | undefined,
): Promise<AgentRunOutcome> {
  const url = input.config.agent?.precheck_url;
  const started = Date.now();
  try {
    const precheck = url
      ? await runPrecheck(deps, { url, runKey: input.run_key, sealedSecret: context?.webhook_secret ?? null, signal })
      : undefined;
    if (precheck?.result === 'unchanged') return nothingChanged(Date.now() - started);
    const profile = profileOf(deps, input.config, context);
    const outcome = await runAgent(deps, agentInputOf(input, precheck?.context), profile, {
      onProviderCall: () => attempts.providerCalled(),
      onUsage: (spent) => attempts.used(spent),
      creditLimit: creditCeiling(run),
      signal,
    });
    return precheck ? { ...outcome, precheck: precheck.result, precheck_note: precheck.note } : outcome;
  } catch (err) {
    // A secret sealed under a key the worker lacks: an error no retry can fix, said once, free.
    if (!(err instanceof SecretUnreadableError)) throw err;
    return unreadableSecret(err, Date.now() - started);
  }
}

const unreadableSecret = (err: SecretUnreadableError, duration_ms: number): AgentRunOutcome => ({
  status: 'error',
  response: null,
  error_message: `${err.message}: set SECRETS_KEY_PREVIOUS to the key that sealed it, or save the secret again`,
  error_code: 'secret_unreadable',
  tokens_used: 0,
  credits_charged: 0,
  duration_ms,
});

/** The precheck said nothing changed: a skipped run with nothing to report, no model called, nothing charged; its time is the precheck's. */
const nothingChanged = (duration_ms: number): AgentRunOutcome => ({
  status: 'skipped',
  response: null,
  error_message: null,
  tokens_used: 0,
  credits_charged: 0,
  duration_ms,
  report: { outcome: 'nothing_to_report', summary: null, next_check_in_minutes: null },
  precheck: 'unchanged',
  precheck_note: null,
});

/** What a run reported, in its result; nothing when it reported nothing (as older results). */
export function reportFields(report: OutcomeReport | null) {
  return report
    ? { outcome: report.outcome, summary: report.summary, next_check_in_minutes: report.next_check_in_minutes }
    : {};
}

type AgentColumns = Pick<
  NewHeartbeatRun,
  'outcome' | 'summary' | 'next_check_in_minutes' | 'escalated' | 'triage_tokens_used' | 'precheck' | 'precheck_note'
>;

/** The row's columns for what the agent reported and how the cost ladder went; none when unused. */
export function agentColumns(outcome: AgentRunOutcome): Partial<AgentColumns> {
  const r = outcome.report;
  return {
    ...(r && { outcome: r.outcome, summary: r.summary, next_check_in_minutes: r.next_check_in_minutes }),
    ...(outcome.escalated !== undefined && {
      escalated: outcome.escalated,
      triage_tokens_used: outcome.triage_tokens_used ?? 0,
    }),
    ...(outcome.precheck && { precheck: outcome.precheck, precheck_note: outcome.precheck_note ?? null }),
  };
}
