import { billingPeriod } from '../activities/billing.js';
import type { Bot, Heartbeat, HeartbeatRun, Member } from '../db/database.js';
import { scheduleSpecOf, type HeartbeatState } from '../workflows/definitions.js';
import { isInWindow, nextDueTime } from '../workflows/schedule.js';
import { toWorkflowConfig } from './scheduler.js';

/** Row → API object, in one place: string ids, booleans, ISO-8601 UTC times. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function heartbeatState(row: Heartbeat, now: Date): HeartbeatState {
  if (!row.enabled) return row.state === 'auto_paused' ? 'auto_paused' : 'disabled';
  if (row.state === 'budget_exhausted') return 'budget_exhausted';
  return isInWindow(scheduleSpecOf(toWorkflowConfig(row)), now) ? 'active' : 'waiting_for_window';
}

export function toHeartbeat(row: Heartbeat, billingAnchor: Date, now: Date) {
  const spec = scheduleSpecOf(toWorkflowConfig(row));
  const period = billingPeriod(billingAnchor, now);
  const creditsUsed = row.credits_period_start?.getTime() === period.start.getTime() ? row.credits_used : 0;
  const nextRun = row.enabled ? nextDueTime(spec, row.anchor_at > now ? row.anchor_at : now) : null;
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
    credits_used: creditsUsed,
    last_executed_at: iso(row.last_executed_at),
    last_status: row.last_status,
    execution_count: row.execution_count,
    error_count: row.error_count,
    max_consecutive_errors: row.max_consecutive_errors,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    next_run_at: iso(nextRun),
    state: heartbeatState(row, now),
    paused_reason: row.paused_reason,
    consecutive_errors: row.consecutive_errors,
    version: row.version,
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
    scheduled_for: iso(row.scheduled_for),
    created_at: row.created_at.toISOString(),
  };
}

export function toBot(row: Bot) {
  return {
    uuid: row.id,
    name: row.name,
    model: row.model,
    instruction: row.instruction,
    status: row.status,
    heartbeat: row.heartbeat,
    webhook_url: row.webhook_url,
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
