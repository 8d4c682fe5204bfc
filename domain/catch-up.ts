/**
 * Missed runs: what a heartbeat does with the occurrences that fell due while it could not run
 * (workers down, a run overrunning), by its `missed_runs` policy. Pure: the workflow asks it each
 * time it wakes later than an occurrence.
 */
import { plannedRun, type HeartbeatConfig } from './heartbeat.js';
import { isInWindow, nextDueTime, planCatchUp, type CatchUpPlan } from './schedule.js';

export const MISSED_RUNS_POLICIES = ['run_once', 'skip', 'run_all'] as const;
export type MissedRunsPolicy = (typeof MISSED_RUNS_POLICIES)[number];

/** How old an occurrence may be and still run under `run_all`. */
export const DEFAULT_CATCH_UP_WINDOW_MINUTES = 60;

/** Under `skip`, an occurrence that starts later than this after its time is missed. */
export const ON_TIME_MS = 60_000;

const MINUTE = 60_000;
/** At most this many occurrences are counted in one stretch (a year of one-minute runs). */
const COUNT_CAP = 600_000;

/** The occurrences from `first` while `keep` holds: how many, the last, and the one after it. */
function walk(config: HeartbeatConfig, first: Date, keep: (d: Date) => boolean) {
  let count = 0;
  let last: Date | null = null;
  let d: Date | null = first;
  while (d && keep(d) && count < COUNT_CAP) {
    count++;
    last = d;
    d = nextDueTime(config, d);
  }
  return { count, last, next: d };
}

/**
 * What to do when a heartbeat wakes at `now` for the occurrence `due` (≤ now):
 * - `run_once` (the default): the latest occurrence runs (while the window is open), the
 *   earlier ones are missed;
 * - `skip`: only an occurrence that starts on time (within a minute of its time, jitter
 *   included) runs, every later one is missed;
 * - `run_all`: each occurrence runs, oldest first and one at a time (the workflow asks again
 *   after each run), unless it is older than `catch_up_window_minutes` (plus the jitter allowed):
 *   those are missed. A catch-up behind missed occurrences runs only while the window is open.
 * `latest` is the cursor to advance to: every occurrence up to it is run or missed.
 */
export function planMissedRuns(config: HeartbeatConfig, due: Date, now: Date): CatchUpPlan {
  const policy = config.missed_runs ?? 'run_once';
  if (policy === 'run_once') return planCatchUp(config, due, now);
  const atOrBeforeNow = (d: Date) => d.getTime() <= now.getTime();

  if (policy === 'skip') {
    const stretch = walk(config, due, atOrBeforeNow);
    const latest = stretch.last ?? due;
    const startsAt = plannedRun(config, new Date(latest.getTime() - 1))?.at ?? latest;
    const onTime = now.getTime() - startsAt.getTime() <= ON_TIME_MS;
    if (onTime && (stretch.count === 1 || isInWindow(config, now)))
      return { run: latest, missed: stretch.count - 1, latest };
    return { run: null, missed: stretch.count, latest };
  }

  const windowMs =
    (config.catch_up_window_minutes ?? DEFAULT_CATCH_UP_WINDOW_MINUTES) * MINUTE + (config.jitter_seconds ?? 0) * 1000;
  const oldest = now.getTime() - windowMs;
  if (due.getTime() >= oldest) return { run: due, missed: 0, latest: due };
  const tooOld = walk(config, due, (d) => d.getTime() < oldest);
  const candidate = tooOld.next;
  if (candidate && atOrBeforeNow(candidate) && isInWindow(config, now))
    return { run: candidate, missed: tooOld.count, latest: candidate };
  if (!candidate || !atOrBeforeNow(candidate)) return { run: null, missed: tooOld.count, latest: tooOld.last! };
  // The window has closed: the rest up to now will not run either.
  const rest = walk(config, candidate, atOrBeforeNow);
  return { run: null, missed: tooOld.count + rest.count, latest: rest.last! };
}
