/**
 * What a heartbeat is, in words the workflow, the activities and the API share: its
 * configuration, the unions its runs and states are spelled with, and the rule that names its
 * state. Pure: no clock, no I/O.
 */
import type { MissedRunsPolicy } from './catch-up.js';
import type { DstPolicy } from './dst.js';
import type { AgentOptions } from './outcome.js';
import { shortestCronGapMinutes } from './cron.js';
import { HORIZON_DAYS, isInWindow, jitterMs, nextDueTime, type ScheduleSpec } from './schedule.js';

export const RUN_STATUSES = ['success', 'error', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TYPES = ['heartbeat', 'manual'] as const;
export type RunType = (typeof RUN_TYPES)[number];

/**
 * What each run type means, shown beside the type's own name: the API's values are the one
 * vocabulary (filters, CLI, dashboard), explained rather than renamed.
 */
export const RUN_TYPE_MEANINGS: Record<RunType, string> = {
  heartbeat: 'on its schedule',
  manual: 'run now, by a trigger',
};

/** Why a run was skipped: always one of these. */
export const SKIP_REASONS = ['budget_exhausted', 'missed', 'nothing_changed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const HEARTBEAT_STATES = [
  'active',
  'disabled',
  'auto_paused',
  'budget_exhausted',
  'waiting_for_window',
  'stalled',
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
  /** Each occurrence runs up to this many seconds after its nominal time (0: on time). */
  jitter_seconds?: number;
  /**
   * Policies; absent from configurations saved before they existed, which keep the behaviour
   * of their defaults (cron patterns keep croner's own clock-change rule: see ScheduleSpec).
   */
  missed_runs?: MissedRunsPolicy;
  /** How old a missed occurrence may be and still run under `run_all`. */
  catch_up_window_minutes?: number;
  dst_policy?: DstPolicy;
  /** A manual trigger while a run is in flight: wait for it (`queue`) or be refused (`skip`). */
  overlap?: OverlapPolicy;
  /** Options of the agent run; absent when all are the defaults. */
  agent?: AgentOptions;
  /** Present when the cadence adapts (`cadence: adaptive`, interval schedules only). */
  adaptive?: { max_interval_minutes: number };
  /** Bumped by every configuration change; older versions are ignored. */
  version: number;
}

/** What made a new version of a heartbeat's configuration. */
export const VERSION_CHANGES = [
  'created',
  'configured',
  'enabled',
  'disabled',
  'paused_for_bot',
  'plan_changed',
] as const;
export type VersionChange = (typeof VERSION_CHANGES)[number];

export const OVERLAP_POLICIES = ['queue', 'skip'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

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
    dst_policy: config.dst_policy,
  };
}

/**
 * A heartbeat that wakes at least this often stays in a worker's cache between runs; one that
 * wakes less often is rebuilt from its short history when it wakes. A cached heartbeat costs the
 * worker about 0.2 MB; rebuilding one costs about 20 ms of CPU (docs/BENCHMARKS.md).
 */
export const OFTEN_MINUTES = 10;

/**
 * Whether the heartbeat wakes often (its schedule, windows aside, can fire again within
 * OFTEN_MINUTES): such heartbeats run on the task queue whose worker keeps them cached.
 */
export function wakesOften(config: Pick<HeartbeatConfig, 'interval_minutes' | 'cron_pattern'>): boolean {
  if (config.cron_pattern) {
    const gap = shortestCronGapMinutes(config.cron_pattern);
    return gap !== null && gap <= OFTEN_MINUTES;
  }
  return (config.interval_minutes ?? 60) <= OFTEN_MINUTES;
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

/** The workflow's view of a heartbeat, mirrored onto its row (only while the row is on `version`). */
export interface HeartbeatStatus {
  heartbeat_id: string;
  version: number;
  state: HeartbeatState;
  paused_reason: string | null;
  consecutive_errors: number;
  /** The workflow's own enabled flag for this version: a disable from the Web UI shows in the API. */
  enabled: boolean;
  /** Set when the workflow paused the heartbeat itself. */
  auto_paused: boolean;
  next_run_at: string | null;
  /** Why the next run is when it is: adaptive heartbeats only (absent, the row's is left alone). */
  next_run_reason?: string | null;
}

/** What a heartbeat's error streak is, and whether it paused itself. */
export interface Streak {
  enabled: boolean;
  auto_paused: boolean;
  consecutive_errors: number;
  paused_reason: string | null;
}

/**
 * The streak after a run: a success resets it; an error lengthens it, and reaching
 * `max_consecutive_errors` while enabled pauses the heartbeat, keeping the last error as reason.
 */
export function streakAfter(
  before: Streak,
  run: { status: 'success' | 'error'; error_message: string | null },
  maxConsecutiveErrors: number,
): Streak {
  if (run.status === 'success') return { ...before, consecutive_errors: 0 };
  const errors = before.consecutive_errors + 1;
  if (before.enabled && !before.auto_paused && errors >= maxConsecutiveErrors) {
    return {
      enabled: false,
      auto_paused: true,
      consecutive_errors: errors,
      paused_reason: `paused after ${errors} consecutive errors; last: ${run.error_message ?? 'unknown error'}`,
    };
  }
  return { ...before, consecutive_errors: errors };
}

/** The nominal occurrence after `after` and when it actually runs (its jitter added). */
export function plannedRun(config: HeartbeatConfig, after: Date): { nominal: Date; at: Date } | null {
  const nominal = nextDueTime(config, after);
  if (!nominal) return null;
  const jitter = config.jitter_seconds ?? 0;
  if (jitter <= 0) return { nominal, at: nominal };
  const following = nextDueTime(config, nominal);
  return { nominal, at: new Date(nominal.getTime() + jitterMs(config.heartbeat_id, nominal, jitter, following)) };
}

/**
 * The next `count` runs after `after` (jitter included), as they will happen, within the search
 * horizon (400 days): a yearly schedule lists one or two, not a century of them.
 */
export function upcomingRuns(config: HeartbeatConfig, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  const until = after.getTime() + HORIZON_DAYS * 86_400_000;
  let cursor = after;
  while (runs.length < count) {
    const next = plannedRun(config, cursor);
    if (!next || next.nominal.getTime() > until) break;
    runs.push(next.at);
    cursor = next.nominal;
  }
  return runs;
}
