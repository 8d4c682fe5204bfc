/**
 * The run decision: from what a run knows (its heartbeat, the streak before it, the credits of
 * the billing period), what it records, charges, saves and alerts. Pure: the activity reads
 * the facts and writes what this decides; the workflow tests' fake activities decide the same way.
 */
import { alertsOfRun, type AlertCandidate, type MissedStretch } from './alerts.js';
import {
  heartbeatState,
  plannedRun,
  streakAfter,
  type HeartbeatConfig,
  type HeartbeatStatus,
  type RunStatus,
  type RunType,
  type Streak,
} from './heartbeat.js';
import { adaptedAfter } from './cadence.js';
import { notificationsHeld, type OutcomeReport } from './outcome.js';

/** What a run knows before it starts. */
export interface RunSituation {
  config: HeartbeatConfig;
  run_key: string;
  type: RunType;
  /** The workflow's streak before the run. */
  streak: Streak;
  /** When the next run is due after this one (ISO), as the workflow plans it. */
  next_run_at: string | null;
  /** The billing period (ISO start) whose budget_exhausted row is already written, if any. */
  budget_row_written_for: string | null;
  missed?: MissedStretch;
  /** Credits charged in the current billing period before this run. */
  credits_used: number;
  period: { start: Date; end: Date };
  /** The nominal time of a scheduled run. */
  scheduled_for?: string | null;
  /** An adaptive heartbeat's quiet streak and the reason for its planned time, before the run. */
  adaptive?: { quiet_runs: number; reason: string | null };
}

/** The heartbeat's status with a given streak, as its row shows it. */
export function statusWith(run: RunSituation, streak: Streak, now: Date): HeartbeatStatus {
  const scheduled = streak.enabled && !streak.auto_paused;
  return {
    heartbeat_id: run.config.heartbeat_id,
    version: run.config.version,
    state: heartbeatState(
      { enabled: streak.enabled, auto_paused: streak.auto_paused, budget_exhausted: false },
      run.config,
      now,
    ),
    paused_reason: streak.paused_reason,
    consecutive_errors: streak.consecutive_errors,
    enabled: scheduled,
    auto_paused: streak.auto_paused,
    next_run_at: scheduled ? run.next_run_at : null,
    ...(run.adaptive && { next_run_reason: run.adaptive.reason }),
  };
}

/**
 * An adaptive heartbeat's scheduled run moves its next run by what it reported (domain/cadence.ts):
 * the situation with that next run and its reason. Any other run plans as it did.
 */
export function cadenceAfter(run: RunSituation, report: OutcomeReport | null | undefined): RunSituation {
  if (!run.adaptive || !run.config.adaptive || run.type !== 'heartbeat' || !run.scheduled_for) return run;
  const state = adaptedAfter(run.config, new Date(run.scheduled_for), run.adaptive.quiet_runs, report);
  return {
    ...run,
    next_run_at: state.next?.at ?? null,
    adaptive: { quiet_runs: state.quiet_runs, reason: state.reason },
  };
}

/** A run turned away because the period's budget is spent. */
export interface BudgetRefusal {
  budget: { period_start: string; period_end: string };
  /** The status after it: the schedule sleeps until the next period; a trigger changes nothing. */
  status: HeartbeatStatus;
  /** Only the schedule's refusal is saved on the row (a trigger leaves the status as it is). */
  save_status: boolean;
  /** The `budget_exhausted` row to write: once per period for the schedule, every trigger's own. */
  skip_message: string | null;
  alerts: AlertCandidate[];
}

/** Whether the budget turns the run away (null: it may run). */
export function budgetRefusal(run: RunSituation, now: Date): BudgetRefusal | null {
  const { config, period } = run;
  if (config.credit_budget === null || run.credits_used < config.credit_budget) return null;
  const budget = { period_start: period.start.toISOString(), period_end: period.end.toISOString() };
  const scheduled = run.type === 'heartbeat';
  const status = statusWith(run, run.streak, now);
  const firstThisPeriod = !scheduled || run.budget_row_written_for !== budget.period_start;
  return {
    budget,
    status: scheduled
      ? {
          ...status,
          state: 'budget_exhausted',
          next_run_at: plannedRun(config, new Date(period.end.getTime() - 1))?.at.toISOString() ?? null,
        }
      : status,
    save_status: scheduled,
    skip_message: firstThisPeriod
      ? `credit budget of ${config.credit_budget} used up (${run.credits_used} this period)`
      : null,
    alerts: alertsOfRun(run, {
      status: 'skipped',
      error_message: null,
      missed: run.missed,
      budget: { ...budget, credits_used: run.credits_used },
    }),
  };
}

/**
 * The most a run that may go ahead can spend: the budget left this period, or the heartbeat's
 * `max_credits_per_run` when that is lower (null: neither). The agent checks it between model
 * calls, so one answer may take a run past it, never a loop.
 */
export function creditCeiling(run: RunSituation): number | null {
  const budget = run.config.credit_budget;
  const left = budget === null ? null : Math.max(0, budget - run.credits_used);
  const perRun = run.config.agent?.max_credits_per_run ?? null;
  if (left === null || perRun === null) return left ?? perRun;
  return Math.min(left, perRun);
}

/** What the agent's outcome makes of the heartbeat. */
export interface RunConsequences {
  streak: Streak;
  status: HeartbeatStatus;
  /** The run paused the heartbeat (its error streak reached the maximum). */
  paused: boolean;
  alerts: AlertCandidate[];
}

/**
 * A scheduled run's outcome lengthens or resets the error streak; a manual trigger's does neither
 * (someone trying a prompt by hand neither pauses the schedule nor clears its errors).
 */
export function streakOf(run: Pick<RunSituation, 'type' | 'streak' | 'config'>, outcome: Outcome): Streak {
  if (run.type === 'manual') return run.streak;
  return streakAfter(run.streak, outcome, run.config.max_consecutive_errors);
}

type Outcome = { status: 'success' | 'error'; error_message: string | null };

/**
 * What the run did: it ran (a `nothing_to_report` is a success like any other), or the precheck
 * said nothing changed and it was skipped, which leaves the error streak as it was.
 */
export interface RunEnding {
  status: 'success' | 'error' | 'skipped';
  error_message: string | null;
  report?: OutcomeReport | null;
}

export function consequencesOf(run: RunSituation, ending: RunEnding, now: Date): RunConsequences {
  const { status, error_message } = ending;
  const streak = status === 'skipped' ? run.streak : streakOf(run, { status, error_message });
  return {
    streak,
    status: statusWith(cadenceAfter(run, ending.report), streak, now),
    paused: streak.auto_paused && !run.streak.auto_paused,
    alerts: alertsOfRun(run, { ...ending, streak, missed: run.missed }),
  };
}

/**
 * Whether the run's notifications are held back (stored with `suppressed: true`, not sent):
 * by the heartbeat's notify_policy, from what the run reported.
 */
export function holdsNotifications(run: Pick<RunSituation, 'config'>, report: OutcomeReport | null | undefined) {
  return notificationsHeld(run.config.agent?.notify_policy, report?.outcome ?? null);
}

/**
 * An earlier attempt wrote the run's row: its alerts again (raised once by key: the attempt that
 * wrote the row may have died before raising them) and the status it left.
 */
export function recordedAgain(
  run: RunSituation,
  row: { status: RunStatus; error_message: string | null; reason: string | null; report?: OutcomeReport | null },
  now: Date,
): { status: HeartbeatStatus; alerts: AlertCandidate[] } {
  const ran = row.status === 'skipped' ? undefined : { status: row.status, error_message: row.error_message };
  const budget =
    row.reason === 'budget_exhausted'
      ? {
          period_start: run.period.start.toISOString(),
          period_end: run.period.end.toISOString(),
          credits_used: run.credits_used,
        }
      : undefined;
  return {
    status: statusWith(cadenceAfter(run, row.report), run.streak, now),
    alerts: alertsOfRun(run, {
      status: row.status,
      error_message: row.error_message,
      streak: ran && streakOf(run, ran),
      missed: run.missed,
      budget,
      report: row.report,
    }),
  };
}
