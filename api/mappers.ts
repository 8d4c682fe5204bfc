/** Row → API object (and row → workflow configuration), in one place: string ids, booleans, ISO-8601 UTC times. */
import type { AlertEvent } from '../domain/alerts.js';
import { creditsInPeriod } from '../domain/billing.js';
import {
  heartbeatState,
  upcomingRuns,
  type HeartbeatConfig,
  type HeartbeatState,
  type RunStatus,
} from '../domain/heartbeat.js';
import { DEFAULT_NOTIFY_POLICY, type AgentOptions } from '../domain/outcome.js';
import { DEFAULT_CATCH_UP_WINDOW_MINUTES } from '../domain/catch-up.js';
import { DEFAULT_DST_POLICY, type DstPolicy } from '../domain/dst.js';
import type { Forecast } from '../domain/forecast.js';
import { describeSchedule } from '../domain/schedule.js';
import type { RunResult } from '../contract/workflow.js';
import type { Bot, BotTool, Heartbeat, HeartbeatRun, Member, Notification } from '../db/database.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toWorkflowConfig(row: Heartbeat): HeartbeatConfig {
  return {
    heartbeat_id: row.id,
    project_id: row.project_id,
    bot_id: row.bot_id,
    member_id: row.member_id,
    prompt: row.prompt,
    interval_minutes: row.interval_minutes,
    cron_pattern: row.cron_pattern,
    active_hours_start: row.active_hours_start,
    active_hours_end: row.active_hours_end,
    active_days: row.active_days,
    timezone: row.timezone,
    anchor: row.anchor_at.toISOString(),
    enabled: row.enabled,
    credit_budget: row.credit_budget,
    max_consecutive_errors: row.max_consecutive_errors,
    jitter_seconds: row.jitter_seconds,
    ...(agentOptionsOf(row) && { agent: agentOptionsOf(row) }),
    ...policiesOf(row),
    ...(row.cadence === 'adaptive' &&
      row.interval_minutes !== null && {
        adaptive: { max_interval_minutes: maxIntervalOf(row)! },
      }),
    version: row.version,
  };
}

/**
 * A heartbeat's schedule policies that differ from the defaults (absent means the default, so a
 * heartbeat on the defaults sends its workflow and each run nothing more). A cron pattern always
 * carries its dst_policy: without one, the workflow keeps croner's own rule, which configurations
 * saved before the policy existed ran on.
 */
function policiesOf(row: Heartbeat): Partial<HeartbeatConfig> {
  const dst = dstPolicyOf(row);
  const defaultDst =
    dst.repeated_hour === DEFAULT_DST_POLICY.repeated_hour && dst.skipped_hour === DEFAULT_DST_POLICY.skipped_hour;
  return {
    ...(row.missed_runs !== 'run_once' && { missed_runs: row.missed_runs }),
    ...(row.catch_up_window_minutes !== DEFAULT_CATCH_UP_WINDOW_MINUTES && {
      catch_up_window_minutes: row.catch_up_window_minutes,
    }),
    ...((row.cron_pattern !== null || !defaultDst) && { dst_policy: dst }),
    ...(row.overlap !== 'queue' && { overlap: row.overlap }),
  };
}

/** The longest an adaptive heartbeat waits: as set, or 4 × its interval; none for a cron schedule. */
function maxIntervalOf(row: Heartbeat): number | null {
  if (row.interval_minutes === null) return null;
  return row.max_interval_minutes ?? 4 * row.interval_minutes;
}

/** A heartbeat's agent options that differ from the defaults; undefined when none do. */
function agentOptionsOf(row: Heartbeat): AgentOptions | undefined {
  const options: AgentOptions = {
    ...(row.notify_policy !== DEFAULT_NOTIFY_POLICY && { notify_policy: row.notify_policy }),
    ...(row.precheck_url !== null && { precheck_url: row.precheck_url }),
    ...(row.triage_model !== null && { triage_model: row.triage_model }),
    ...(row.model !== null && { model: row.model }),
    ...(row.max_credits_per_run !== null && { max_credits_per_run: row.max_credits_per_run }),
    ...(row.context !== 'today' && { context: row.context, context_runs: row.context_runs }),
    ...(row.context_token_limit !== null && { context_token_limit: row.context_token_limit }),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

export function dstPolicyOf(row: Pick<Heartbeat, 'dst_repeated_hour' | 'dst_skipped_hour'>): DstPolicy {
  return { repeated_hour: row.dst_repeated_hour, skipped_hour: row.dst_skipped_hour };
}

export function rowState(row: Heartbeat, now: Date): HeartbeatState {
  // Found from outside the workflow (api/stalls.ts): a schedule that should run and does not.
  if (row.enabled && row.stalled_at) return 'stalled';
  return heartbeatState(
    {
      enabled: row.enabled,
      auto_paused: !row.enabled && row.state === 'auto_paused',
      budget_exhausted: row.state === 'budget_exhausted',
    },
    toWorkflowConfig(row),
    now,
  );
}

/**
 * A scheduled run later than this is overdue: longer than any run takes (the agent's own limit is
 * five minutes), so the workflow is not merely busy: no worker has it, or it is stuck.
 */
const OVERDUE_AFTER_MS = 6 * 60_000;

/** A heartbeat read, its forecast included (api/services/forecast.ts). */
export function toHeartbeat(row: Heartbeat, billingAnchor: Date, now: Date, forecast: Forecast) {
  return { ...heartbeatOf(row, billingAnchor, now), forecast };
}

/** A heartbeat read without its forecast: its configuration and state. */
export function heartbeatOf(row: Heartbeat, billingAnchor: Date, now: Date) {
  const nextRun = row.enabled ? row.next_run_at : null;
  const config = toWorkflowConfig(row);
  // The next five, from the workflow's own plan on (or now, when it has none yet).
  const upcoming = nextRun ? [nextRun, ...upcomingRuns(config, nextRun, 4)] : [];
  return {
    uuid: row.id,
    bot_id: row.bot_id,
    member_id: row.member_id,
    prompt: row.prompt,
    interval_minutes: row.interval_minutes,
    cron_pattern: row.cron_pattern,
    enabled: row.enabled,
    active_hours_start: row.active_hours_start,
    active_hours_end: row.active_hours_end,
    active_days: row.active_days,
    timezone: row.timezone,
    credit_budget: row.credit_budget,
    credits_used: creditsInPeriod(row, billingAnchor, now),
    last_executed_at: iso(row.last_executed_at),
    last_status: row.last_status as RunStatus | null,
    execution_count: row.execution_count,
    error_count: row.error_count,
    max_consecutive_errors: row.max_consecutive_errors,
    jitter_seconds: row.jitter_seconds,
    missed_runs: row.missed_runs,
    catch_up_window_minutes: row.catch_up_window_minutes,
    dst_policy: dstPolicyOf(row),
    overlap: row.overlap,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    updated_via: row.updated_via,
    next_run_at: iso(nextRun),
    overdue: nextRun !== null && now.getTime() - nextRun.getTime() > OVERDUE_AFTER_MS,
    state: rowState(row, now),
    paused_reason: row.paused_reason,
    stalled_at: row.enabled ? iso(row.stalled_at) : null,
    stall_reason: row.enabled ? row.stall_reason : null,
    consecutive_errors: row.consecutive_errors,
    version: row.version,
    schedule_description: describeSchedule(config),
    upcoming_runs: upcoming.map((d) => d.toISOString()),
    notify_policy: row.notify_policy,
    precheck_url: row.precheck_url,
    triage_model: row.triage_model,
    model: row.model,
    max_credits_per_run: row.max_credits_per_run,
    context: row.context,
    context_runs: row.context_runs,
    context_token_limit: row.context_token_limit,
    cadence: row.cadence,
    max_interval_minutes: maxIntervalOf(row),
    next_run_reason: row.next_run_reason,
  };
}

export function toLogEntry(row: HeartbeatRun) {
  return {
    uuid: row.id,
    heartbeat_id: row.heartbeat_id,
    member_id: row.member_id,
    type: row.type,
    status: row.status,
    reason: row.reason,
    missed_count: row.missed_count,
    prompt: row.prompt,
    response: row.response,
    duration_ms: row.duration_ms,
    tokens_used: row.tokens_used,
    credits_charged: row.credits_charged,
    error_message: row.error_message,
    error_code: row.error_code,
    scheduled_for: iso(row.scheduled_for),
    config_version: row.config_version,
    started_at: iso(row.started_at),
    run_key: row.run_key,
    attempts: row.attempts,
    interrupted_attempts: row.interrupted_attempts ?? [],
    tool_calls: row.tool_calls ?? [],
    outcome: row.outcome,
    summary: row.summary,
    next_check_in_minutes: row.next_check_in_minutes,
    escalated: row.escalated,
    triage_tokens_used: row.triage_tokens_used,
    precheck: row.precheck,
    precheck_note: row.precheck_note,
    created_at: row.created_at.toISOString(),
  };
}

/** A run's result as a trigger answers it: what it reported is always there (null: nothing). */
export function toRunResult(result: RunResult) {
  return {
    ...result,
    outcome: result.outcome ?? null,
    summary: result.summary ?? null,
    next_check_in_minutes: result.next_check_in_minutes ?? null,
  };
}

export function toBot(row: Bot) {
  return {
    uuid: row.id,
    name: row.name,
    model: row.model,
    instruction: row.instruction,
    status: row.status as 0 | 1,
    heartbeat: row.heartbeat,
    webhook_url: row.webhook_url,
    alert_events: row.alert_events as AlertEvent[],
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toMember(row: Member) {
  return {
    uuid: row.id,
    name: row.name,
    email: row.email,
    external_id: row.external_id,
    created_at: row.created_at.toISOString(),
  };
}

export function toTool(row: BotTool) {
  return {
    uuid: row.id,
    bot_id: row.bot_id,
    server_label: row.server_label,
    server_url: row.server_url,
    header_names: Object.keys(row.headers ?? {}),
    created_at: row.created_at.toISOString(),
  };
}

export function toNotification(row: Notification) {
  return {
    uuid: row.id,
    bot_id: row.bot_id,
    heartbeat_id: row.heartbeat_id,
    member_id: row.member_id,
    run_key: row.run_key,
    title: row.title,
    body: row.body,
    delivery_status: row.delivery_status,
    suppressed: row.suppressed,
    delivered_at: iso(row.delivered_at),
    created_at: row.created_at.toISOString(),
  };
}
