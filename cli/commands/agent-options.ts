/** The agent options `hb create` and `hb update` share: delivery, the cost ladder, cadence and context. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CADENCE_MODES, CONTEXT_MODES, NOTIFY_POLICIES } from '../../domain/outcome.js';
import { integer } from '../session.js';

/** A value, or `none` to clear it (the API's null; commander keeps no null, so the word travels). */
const orNone =
  <T>(parse: (v: string) => T) =>
  (value: string): T | 'none' =>
    value === 'none' ? 'none' : parse(value);
const cleared = <T>(v: T | 'none') => (v === 'none' ? null : v);
const text = (value: string) => {
  if (!value.trim()) throw new InvalidArgumentError('a value, or none');
  return value;
};

export const agentOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--notify-policy <policy>', "which runs' notifications are sent").choices(NOTIFY_POLICIES))
    .option(
      '--precheck-url <url|none>',
      'GET before any model call: "nothing changed" skips the run for free',
      orNone(text),
    )
    .option('--triage-model <model|none>', 'a cheaper model that looks first and may end a quiet run', orNone(text))
    .option('--model <model|none>', "this heartbeat's model instead of its bot's", orNone(text))
    .option('--max-credits-per-run <n|none>', 'stop a run once it has spent this many credits', orNone(integer))
    .addOption(
      new Option('--cadence <mode>', 'adaptive: the next run follows what the last one found').choices(CADENCE_MODES),
    )
    .option(
      '--max-interval <minutes|none>',
      'the longest an adaptive heartbeat waits (default 4 × --every)',
      orNone(integer),
    )
    .addOption(new Option('--context <mode>', 'what a run is told of earlier runs').choices(CONTEXT_MODES))
    .option('--context-runs <n>', 'how many runs a digest summarises', integer)
    .option('--context-token-limit <n|none>', 'the most earlier runs may add, in tokens', orNone(integer));

export type AgentFlags = {
  notifyPolicy?: (typeof NOTIFY_POLICIES)[number];
  precheckUrl?: string;
  triageModel?: string;
  model?: string;
  maxCreditsPerRun?: number | 'none';
  cadence?: (typeof CADENCE_MODES)[number];
  maxInterval?: number | 'none';
  context?: (typeof CONTEXT_MODES)[number];
  contextRuns?: number;
  contextTokenLimit?: number | 'none';
};

/** The configure body's agent fields for the options given, and only those. */
export function agentBody(o: AgentFlags) {
  return {
    ...(o.notifyPolicy !== undefined && { notify_policy: o.notifyPolicy }),
    ...(o.precheckUrl !== undefined && { precheck_url: cleared(o.precheckUrl) }),
    ...(o.triageModel !== undefined && { triage_model: cleared(o.triageModel) }),
    ...(o.model !== undefined && { model: cleared(o.model) }),
    ...(o.maxCreditsPerRun !== undefined && { max_credits_per_run: cleared(o.maxCreditsPerRun) }),
    ...(o.cadence !== undefined && { cadence: o.cadence }),
    ...(o.maxInterval !== undefined && { max_interval_minutes: cleared(o.maxInterval) }),
    ...(o.context !== undefined && { context: o.context }),
    ...(o.contextRuns !== undefined && { context_runs: o.contextRuns }),
    ...(o.contextTokenLimit !== undefined && { context_token_limit: cleared(o.contextTokenLimit) }),
  };
}
