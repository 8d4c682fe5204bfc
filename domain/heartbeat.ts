/**
 * What a heartbeat is, in words the workflow, the activities and the API share: its
 * configuration, the unions its runs and states are spelled with, and the rule that names its
 * state. Pure: no clock, no I/O.
 */
import { isInWindow, type ScheduleSpec } from './schedule.js';

export const RUN_STATUSES = ['success', 'error', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TYPES = ['heartbeat', 'manual'] as const;
export type RunType = (typeof RUN_TYPES)[number];

/** Why a run was skipped: always one of these. */
export const SKIP_REASONS = ['budget_exhausted', 'missed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const HEARTBEAT_STATES = [
  'active',
  'disabled',
  'auto_paused',
  'budget_exhausted',
  'waiting_for_window',
] as const;
export type HeartbeatState = (typeof HEARTBEAT_STATES)[number];

/** The configuration a heartbeat runs on: its schedule and limits, as saved by the API. */
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

/** The schedule part of a configuration (or of anything carrying the same fields). */
export function scheduleSpecOf(config: ScheduleSpec): ScheduleSpec {
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

/** The facts a heartbeat's state is named from. */
export interface StateFacts {
  enabled: boolean;
  auto_paused: boolean;
  /** The budget of the current billing period is spent. */
  budget_exhausted: boolean;
}

/**
 * The one rule naming a heartbeat's state: a pause by errors outranks a plain disable, a spent
 * budget outranks the window, and outside the window a heartbeat waits for it.
 */
export function heartbeatState(facts: StateFacts, spec: ScheduleSpec, now: Date): HeartbeatState {
  if (facts.auto_paused) return 'auto_paused';
  if (!facts.enabled) return 'disabled';
  if (facts.budget_exhausted) return 'budget_exhausted';
  return isInWindow(spec, now) ? 'active' : 'waiting_for_window';
}
