/**
 * The heartbeat workflow's contract: its input, its messages and the shapes they carry.
 * Imported by the workflow, the worker, the API and the tests, so no message name is ever
 * spelled twice.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ScheduleSpec } from './schedule.js';

export const TASK_QUEUE_DEFAULT = 'heartbeat';

export function heartbeatWorkflowId(heartbeatId: string): string {
  return `heartbeat-${heartbeatId}`;
}

/** The configuration a workflow runs on: the heartbeat row's schedule and limits. */
export interface HeartbeatConfig {
  heartbeat_id: string;
  project_id: string;
  bot_id: string;
  member_id: string | null;
  prompt: string;
  interval_minutes: number | null;
  cron_pattern: string | null;
  active_hours_start: string | null;
  active_hours_end: string | null;
  active_days: string | null;
  timezone: string;
  /** ISO time the interval cadence counts from. */
  anchor: string;
  enabled: boolean;
  credit_budget: number | null;
  max_consecutive_errors: number;
  /** Bumped by every configuration change; older versions are ignored. */
  version: number;
}

export type HeartbeatState = 'active' | 'disabled' | 'auto_paused' | 'budget_exhausted' | 'waiting_for_window';

/** What survives continue-as-new besides the configuration. */
export interface CarriedState {
  enabled: boolean;
  auto_paused: boolean;
  paused_reason: string | null;
  consecutive_errors: number;
  credits_used: number;
  /** Due times at or before this instant (ISO) have been handled. */
  cursor: string;
  /** Billing period (ISO start) whose budget-exhausted row has been written. */
  budget_exhausted_period: string | null;
  /** While the budget is spent: sleep until this instant (ISO), the next billing period. */
  budget_sleep_until: string | null;
  deleted: boolean;
}

export interface HeartbeatWorkflowInput {
  config: HeartbeatConfig;
  carried?: CarriedState;
  /** A configure received but not yet applied (newer than `config.version`). */
  pendingConfig?: HeartbeatConfig;
  /** Continue-as-new once history reaches this many events (tests); otherwise when Temporal suggests it. */
  continueAsNewAfterEvents?: number;
}

export interface HeartbeatWorkflowResult {
  deleted: boolean;
}

export type RunStatus = 'success' | 'error' | 'skipped';

/** The public trigger result, also what a scheduled run yields. */
export interface RunResult {
  status: RunStatus;
  response: string | null;
  duration_ms: number;
  tokens_used: number;
  credits_charged: number;
  error_message?: string | null;
  reason?: string | null;
}

export interface TriggerInput {
  /** Makes a retried trigger the same run: part of its run key. */
  trigger_id: string;
}

export interface HeartbeatStateView {
  enabled: boolean;
  state: HeartbeatState;
  next_run_at: string | null;
  consecutive_errors: number;
  credits_used: number;
  paused_reason: string | null;
  version: number;
}

export const enableSignal = defineSignal('enable');
export const disableSignal = defineSignal('disable');
export const configureSignal = defineSignal<[HeartbeatConfig]>('configure');
export const deleteSignal = defineSignal('delete');
export const triggerUpdate = defineUpdate<RunResult, [TriggerInput]>('trigger');
export const stateQuery = defineQuery<HeartbeatStateView>('state');

export function scheduleSpecOf(config: HeartbeatConfig): ScheduleSpec {
  return {
    interval_minutes: config.interval_minutes,
    cron_pattern: config.cron_pattern,
    active_hours_start: config.active_hours_start,
    active_hours_end: config.active_hours_end,
    active_days: config.active_days,
    timezone: config.timezone,
    anchor: config.anchor,
  };
}
