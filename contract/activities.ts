/** Inputs and outputs of the heartbeat activities (shared with the workflow as types only). */
import type { MissedStretch } from '../domain/alerts.js';
import type { HeartbeatConfig, HeartbeatStatus, RunStatus, RunType, SkipReason, Streak } from '../domain/heartbeat.js';
import type { OutcomeReport, PrecheckResult, RunOutcome } from '../domain/outcome.js';

/** A run's log row, as the workflow puts it together (skips, and the fallback when a run fails outright). */
export interface RecordRunInput {
  run_key: string;
  heartbeat_id: string;
  project_id: string;
  bot_id: string;
  member_id: string | null;
  type: RunType;
  status: RunStatus;
  reason: SkipReason | null;
  missed_count: number | null;
  prompt: string;
  response: string | null;
  error_message: string | null;
  duration_ms: number;
  tokens_used: number;
  credits_charged: number;
  scheduled_for: string | null;
  /** The configuration version the run ran with (absent from older histories). */
  config_version?: number;
  /** When it happened (ISO); now when omitted. */
  at?: string;
}

export interface RecordedRun {
  /** False when a row with this run key already existed (a retry): nothing was written or charged. */
  recorded: boolean;
  credits_used: number;
  /** Alerts raised by the row (run.failed, run.missed) to deliver; absent in older histories. */
  alert_ids?: string[];
}

/** Occurrences that will never run, recorded as one `missed` row with the run that follows them. */
export type MissedOccurrences = MissedStretch;

/**
 * One run, end to end, in one activity: the budget check, the agent, and the run's row with its
 * charge, counters, daily totals and the heartbeat's new status written in one statement.
 */
export interface ExecuteRunInput {
  run_key: string;
  type: RunType;
  /** The nominal time of a scheduled run; null for a manual one. */
  scheduled_for: string | null;
  config: HeartbeatConfig;
  /** The workflow's streak before the run: the activity saves what the run makes of it. */
  streak: Streak;
  /** The billing period (ISO start) whose budget_exhausted row is already written, if any. */
  budget_row_written_for: string | null;
  /** When the next run is due after this one (ISO), as the workflow plans it. */
  next_run_at: string | null;
  missed?: MissedOccurrences;
  /**
   * An adaptive heartbeat's quiet streak and the reason for its planned time: its scheduled run
   * plans the next by what it reports (domain/cadence.ts). Absent for a fixed cadence.
   */
  adaptive?: { quiet_runs: number; reason: string | null };
}

export interface ExecuteRunResult {
  status: RunStatus;
  reason: SkipReason | null;
  /** The agent's answer to a trigger; null for a scheduled run, whose answer only its row keeps. */
  response: string | null;
  error_message: string | null;
  tokens_used: number;
  credits_charged: number;
  duration_ms: number;
  /** Credits charged in the current billing period, this run included. */
  credits_used: number;
  /** Set when the budget is spent: the period to sleep through. */
  budget?: { period_start: string; period_end: string };
  /** Notifications stored by notify_user, for webhook delivery. */
  notification_ids: string[];
  /** Alerts the run raised, to deliver like notifications; absent in older histories. */
  alert_ids?: string[];
  /** The status saved on the heartbeat row with the run. */
  saved_status: HeartbeatStatusInput;
  /** What the run reported of itself; absent in older histories. */
  outcome?: RunOutcome | null;
  summary?: string | null;
  next_check_in_minutes?: number | null;
}

/**
 * A scheduled run the worker holds until it is due (activities/waiting-run.ts): the run's input,
 * its due time, and the token that names this wait when the workflow withdraws it.
 */
export interface WaitingRunInput extends ExecuteRunInput {
  /** When to start (ISO): the occurrence's planned time. */
  due: string;
  /** Unique to this wait: a run planned again after a withdrawal waits under a new token. */
  token: string;
}

/**
 * What a waiting run did: ran (its result), or did not start: `withdrawn` by the workflow before it
 * started, or `lapsed` when its attempt began too late (a worker died while it waited) and the
 * workflow's catch-up decides, by the missed-runs policy, what becomes of the occurrence.
 */
export type WaitingRunResult = { ran: ExecuteRunResult } | { not_run: 'withdrawn' | 'lapsed' };

/** The workflow's view of a heartbeat, mirrored onto its row (guarded by version). */
export type HeartbeatStatusInput = HeartbeatStatus;

/** What the agent needs to run. */
export interface AgentRunInput {
  run_key: string;
  heartbeat_id: string;
  project_id: string;
  bot_id: string;
  member_id: string | null;
  prompt: string;
  /** What the precheck said has changed, added to the prompt. */
  precheck_context?: string;
}

export interface AgentRunOutcome {
  /** `skipped`: the precheck said nothing changed, and no model was called. */
  status: 'success' | 'error' | 'skipped';
  response: string | null;
  error_message: string | null;
  /** A stable code for the error, where there is one (`run_credit_limit`). */
  error_code?: string;
  tokens_used: number;
  credits_charged: number;
  duration_ms: number;
  /** Notifications stored by notify_user, for webhook delivery. */
  notification_ids?: string[];
  /** The tools called, in order. */
  tool_calls?: ToolCallRecord[];
  /** What the run reported; absent or null when it reported nothing. */
  report?: OutcomeReport | null;
  /** Set when a triage model looked first: whether the run went on to the full model. */
  escalated?: boolean;
  triage_tokens_used?: number;
  /** What the precheck answered, and why it was ignored. */
  precheck?: PrecheckResult;
  precheck_note?: string | null;
}

/** One tool call of a run, as its log shows it. */
export interface ToolCallRecord {
  name: string;
  ok: boolean;
  duration_ms: number;
}
