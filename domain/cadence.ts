/**
 * Adaptive cadence: after each scheduled run of an adaptive heartbeat, when the next one is due
 * and why. The run's `next_check_in_minutes` is honoured within [interval, max interval]; without
 * one, each nothing_to_report in a row doubles the interval up to the maximum, and any other
 * outcome returns to the interval. The active window still applies. Pure: the workflow plans with
 * it and the run's activity saves the same answer on the heartbeat's row.
 */
import type { HeartbeatConfig } from './heartbeat.js';
import type { OutcomeReport } from './outcome.js';
import { isInWindow, jitterMs, nextDueTime } from './schedule.js';

const MINUTE = 60_000;

/** What an adaptive heartbeat carries from run to run. */
export interface AdaptiveState {
  /** nothing_to_report runs in a row. */
  quiet_runs: number;
  /** The next run it planned (ISO), nominal and with its jitter; null when none comes. */
  next: { nominal: string; at: string } | null;
  /** Why the next run is when it is, in words. */
  reason: string;
}

/** The interval after a run, in minutes, with the quiet streak and the reason. */
export function adaptedInterval(
  config: Pick<HeartbeatConfig, 'interval_minutes' | 'adaptive'>,
  quietBefore: number,
  report: OutcomeReport | null | undefined,
): { minutes: number; quiet_runs: number; reason: string } {
  const base = config.interval_minutes ?? 1;
  const max = Math.max(base, config.adaptive?.max_interval_minutes ?? 4 * base);
  const quiet = report?.outcome === 'nothing_to_report' ? quietBefore + 1 : 0;
  const hint = report?.next_check_in_minutes;
  if (hint !== null && hint !== undefined) {
    const minutes = Math.min(max, Math.max(base, hint));
    const bounded = minutes === hint ? '' : ` (kept within ${base}–${max} min)`;
    return { minutes, quiet_runs: quiet, reason: `the last run asked to look again in ${hint} min${bounded}` };
  }
  if (quiet > 0) {
    // 2^quiet overflows to Infinity long after it passes any maximum: min() still answers.
    const minutes = Math.min(max, base * 2 ** quiet);
    const limit = minutes === max ? ', the maximum' : '';
    return { minutes, quiet_runs: quiet, reason: `${quiet} quiet run(s) in a row: ${minutes} min${limit}` };
  }
  const what = report ? report.outcome : 'no outcome reported';
  return { minutes: base, quiet_runs: 0, reason: `back to every ${base} min after a run with ${what}` };
}

/**
 * The run after the one due at `nominal`, `minutes` later: then, if the window is open; otherwise
 * at the window's next opening. Null when the schedule has no time left.
 */
export function adaptedRun(
  config: HeartbeatConfig,
  nominal: Date,
  minutes: number,
): { nominal: Date; at: Date } | null {
  const candidate = new Date(nominal.getTime() + minutes * MINUTE);
  const due = isInWindow(config, candidate) ? candidate : nextDueTime(config, candidate);
  if (!due) return null;
  const jitter = config.jitter_seconds ?? 0;
  if (jitter <= 0) return { nominal: due, at: due };
  const soonest = new Date(due.getTime() + (config.interval_minutes ?? 1) * MINUTE);
  return { nominal: due, at: new Date(due.getTime() + jitterMs(config.heartbeat_id, due, jitter, soonest)) };
}

/** An adaptive heartbeat's state after its scheduled run due at `nominal` reported `report`. */
export function adaptedAfter(
  config: HeartbeatConfig,
  nominal: Date,
  quietBefore: number,
  report: OutcomeReport | null | undefined,
): AdaptiveState {
  const interval = adaptedInterval(config, quietBefore, report);
  const next = adaptedRun(config, nominal, interval.minutes);
  return {
    quiet_runs: interval.quiet_runs,
    next: next && { nominal: next.nominal.toISOString(), at: next.at.toISOString() },
    reason: interval.reason,
  };
}
