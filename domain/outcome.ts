/**
 * What a run reports about itself and the options that act on it: the outcomes, the delivery
 * policies, the cadence and context modes, and the `HEARTBEAT_OK` convention. Pure.
 */

export const RUN_OUTCOMES = ['nothing_to_report', 'progress', 'needs_attention'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** What a run reported of itself: report_outcome's arguments, or `HEARTBEAT_OK`. */
export interface OutcomeReport {
  outcome: RunOutcome;
  summary: string | null;
  next_check_in_minutes: number | null;
}

/** What the logs filter by: an outcome, or `unreported` (a run that ran and reported none). */
export const OUTCOME_FILTERS = [...RUN_OUTCOMES, 'unreported'] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];

/** Which runs' notifications are sent: the rest are stored with `suppressed: true`. */
export const NOTIFY_POLICIES = ['always', 'unless_quiet', 'needs_attention'] as const;
export type NotifyPolicy = (typeof NOTIFY_POLICIES)[number];

export const CADENCE_MODES = ['fixed', 'adaptive'] as const;
export type CadenceMode = (typeof CADENCE_MODES)[number];

/** What a run is told of earlier runs: the day's exchanges, nothing, or the last runs' summaries. */
export const CONTEXT_MODES = ['today', 'fresh', 'digest'] as const;
export type ContextMode = (typeof CONTEXT_MODES)[number];

/** What a precheck answered: `ignored` when its answer meant neither (the run went ahead). */
export const PRECHECK_RESULTS = ['changed', 'unchanged', 'ignored'] as const;
export type PrecheckResult = (typeof PRECHECK_RESULTS)[number];

/** The longest `next_check_in_minutes` a run may ask for: a year. */
export const MAX_CHECK_IN_MINUTES = 525_600;

/**
 * A heartbeat's agent options, as its configuration carries them: each only when it differs from
 * the default, so a heartbeat without them has the configuration (and the run) it always had.
 */
export interface AgentOptions {
  /** Default `unless_quiet`. */
  notify_policy?: NotifyPolicy;
  precheck_url?: string;
  triage_model?: string;
  /** Overrides the bot's model. */
  model?: string;
  max_credits_per_run?: number;
  /** Default `today`. */
  context?: ContextMode;
  /** How many earlier runs `digest` summarises (default 5). */
  context_runs?: number;
  /** The most, in tokens, that earlier runs may add to the conversation. */
  context_token_limit?: number;
}

export const DEFAULT_NOTIFY_POLICY: NotifyPolicy = 'unless_quiet';
export const DEFAULT_CONTEXT_RUNS = 5;

/** The final-answer convention for "nothing to report" (OpenClaw's), so existing prompts keep working. */
export const HEARTBEAT_OK = 'HEARTBEAT_OK';

/**
 * A final answer that starts with `HEARTBEAT_OK` is a `nothing_to_report`: the rest of the text,
 * without the token; undefined for any other answer.
 */
export function quietAnswer(text: string | null): string | undefined {
  const trimmed = (text ?? '').trimStart();
  if (!trimmed.startsWith(HEARTBEAT_OK)) return undefined;
  return trimmed
    .slice(HEARTBEAT_OK.length)
    .replace(/^[\s\p{P}]+/u, '')
    .trim();
}

/** Whether a run's notifications are held back (stored, not sent) under the heartbeat's policy. */
export function notificationsHeld(policy: NotifyPolicy | undefined, outcome: RunOutcome | null): boolean {
  switch (policy ?? DEFAULT_NOTIFY_POLICY) {
    case 'always':
      return false;
    case 'unless_quiet':
      return outcome === 'nothing_to_report';
    case 'needs_attention':
      return outcome !== 'needs_attention';
  }
}
