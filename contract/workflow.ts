/**
 * The heartbeat workflow's contract: its input, its messages and the shapes they carry.
 * Imported by the workflow, the worker, the API and the tests, so no message name is ever
 * spelled twice.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { wakesOften, type HeartbeatConfig, type HeartbeatState, type RunStatus } from '../domain/heartbeat.js';
import type { AdaptiveState } from '../domain/cadence.js';
import type { RunOutcome } from '../domain/outcome.js';

export function heartbeatWorkflowId(heartbeatId: string): string {
  return `heartbeat-${heartbeatId}`;
}

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
  /**
   * Occurrences due after `after` and up to `until` (ISO) when a disable or a new configuration
   * stopped the schedule: those that never ran are recorded as missed, never dropped silently.
   */
  pending_missed?: { after: string; until: string } | null;
  /** The latest run, shown in the Temporal Web UI's current details. */
  last_run?: LastRun | null;
  /** Webhook deliveries that were under way at continue-as-new: the next run starts them again. */
  deliveries?: PendingDeliveries | null;
  /** An adaptive heartbeat's quiet streak and the run it planned (domain/cadence.ts). */
  adaptive?: AdaptiveState | null;
}

/** Notifications and alerts whose webhook delivery has not finished (ids). */
export interface PendingDeliveries {
  notifications: string[];
  alerts: string[];
}

/** The heartbeat's status as last saved to the database, and the next run as last shown in its search attribute. */
export interface PublishedState {
  status: string;
  next_run_at: string | null;
}

/** The latest run or skip, as the Web UI's current details show it. */
export interface LastRun {
  at: string;
  type: 'heartbeat' | 'manual';
  status: RunStatus;
  /** The error, or why it was skipped. */
  detail: string | null;
}

/**
 * Continue-as-new well before Temporal would suggest it (thousands of events): a heartbeat evicted
 * from a worker's bounded cache replays its history when it next wakes, at about 0.6 ms of CPU per
 * event (`npm run bench -- replay`), so a short history keeps a wake cheap. About 10 runs fit.
 */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 120;

export interface HeartbeatWorkflowInput {
  config: HeartbeatConfig;
  carried?: CarriedState;
  /** A configure received but not yet applied (newer than `config.version`). */
  pendingConfig?: HeartbeatConfig;
  /**
   * Continue-as-new once history reaches this many events, or earlier when Temporal suggests it.
   * Starters give CONTINUE_AS_NEW_AFTER_EVENTS; without it, 500 (workflows begun before it).
   */
  continueAsNewAfterEvents?: number;
  /** What the run before continue-as-new last wrote, so the next one does not write it again. */
  published?: PublishedState;
  /**
   * Continue-as-new carries webhook deliveries still under way over to the next run instead of
   * waiting for them (a failing webhook retries for about half an hour). Starters set it; inputs
   * begun without it wait as they did until their next continue-as-new.
   */
  carryDeliveries?: boolean;
  /**
   * Scheduled runs are local activities: one workflow task and seven history events a run instead
   * of two and twelve. Starters and continue-as-new set it; inputs begun without it run regular
   * activities until their next continue-as-new, so their histories replay as they were written.
   */
  localRuns?: boolean;
  /**
   * A scheduled run due within two minutes is handed to the worker, which holds it and starts it
   * on its own clock (activities/waiting-run.ts), instead of a timer waking the workflow to start a
   * local activity. Starters set it and continue-as-new keeps it; inputs begun without it (older
   * histories, and the time-skipping tests, whose clock a held run would not follow) use timers.
   */
  runsWaitInWorker?: boolean;
  /**
   * The deployment's task queues: continue-as-new moves the heartbeat to the one its configuration
   * belongs on (taskQueueFor). Absent: it stays where it was started.
   */
  taskQueues?: HeartbeatTaskQueues;
}

/**
 * A deployment's two task queues: heartbeats that wake often run on `often`, whose workers keep
 * them cached between runs; the rest on `sparse`, whose workers rebuild one from its short history
 * when it wakes, so thousands of hourly heartbeats do not hold a worker's memory.
 */
export interface HeartbeatTaskQueues {
  often: string;
  sparse: string;
}

export function taskQueuesOf(base: string): HeartbeatTaskQueues {
  return { often: base, sparse: `${base}-sparse` };
}

/** The task queue a heartbeat with this configuration runs on. */
export function taskQueueFor(config: HeartbeatConfig, queues: HeartbeatTaskQueues): string {
  return wakesOften(config) ? queues.often : queues.sparse;
}

/** A new heartbeat workflow's input, as every starter gives it. */
/**
 * What the heartbeat's row and search attributes show as the API starts its workflow, in the form
 * the workflow compares with what it would publish (workflows/publish.ts: the status as JSON, its
 * fields in the order the workflow writes them). A new workflow that plans the same finds it
 * published already: its first task starts its timer and nothing else, where it would otherwise
 * write the row again through an activity and upsert its search attributes (two more tasks).
 */
export function publishedAtStart(row: {
  id: string;
  version: number;
  /** The state the API reads from the row now (rowState), which a workflow starting now plans too. */
  state: HeartbeatState;
  paused_reason: string | null;
  consecutive_errors: number;
  enabled: boolean;
  next_run_at: Date | null;
  next_run_reason?: string | null;
  adaptive: boolean;
}): PublishedState {
  const next_run_at = row.next_run_at ? row.next_run_at.toISOString() : null;
  const status = {
    heartbeat_id: row.id,
    version: row.version,
    state: row.state,
    paused_reason: row.paused_reason,
    consecutive_errors: row.consecutive_errors,
    enabled: row.enabled,
    auto_paused: false,
    next_run_at,
    ...(row.adaptive && { next_run_reason: row.next_run_reason ?? null }),
  };
  return { status: JSON.stringify(status), next_run_at };
}

export function newWorkflowInput(config: HeartbeatConfig, taskQueues?: HeartbeatTaskQueues): HeartbeatWorkflowInput {
  return {
    config,
    continueAsNewAfterEvents: CONTINUE_AS_NEW_AFTER_EVENTS,
    carryDeliveries: true,
    localRuns: true,
    runsWaitInWorker: true,
    ...(taskQueues && { taskQueues }),
  };
}

export interface HeartbeatWorkflowResult {
  deleted: boolean;
}

/** The public trigger result, also what a scheduled run yields. */
export interface RunResult {
  status: RunStatus;
  response: string | null;
  duration_ms: number;
  tokens_used: number;
  credits_charged: number;
  error_message?: string | null;
  reason?: string | null;
  /** What the run reported of itself (absent: nothing). */
  outcome?: RunOutcome | null;
  summary?: string | null;
  next_check_in_minutes?: number | null;
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
  /** Why the next run is when it is (adaptive heartbeats only). */
  next_run_reason?: string | null;
}

export const enableSignal = defineSignal('enable');
export const disableSignal = defineSignal('disable');
export const configureSignal = defineSignal<[HeartbeatConfig]>('configure');
export const deleteSignal = defineSignal('delete');
export const triggerUpdate = defineUpdate<RunResult, [TriggerInput]>('trigger');
export const stateQuery = defineQuery<HeartbeatStateView>('state');
