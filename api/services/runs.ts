/** The run history (logs) and its aggregates (stats). */
import { DateTime } from 'luxon';
import { countEnabledHeartbeats } from '../../db/queries/heartbeats.js';
import type { PageRequest } from '../../db/queries/pages.js';
import { pageRuns, runTotalsByDay, type DayTotals, type RunFilter } from '../../db/queries/runs.js';
import type { ServiceDeps } from '../deps.js';
import { RUN_STATUSES, type RunStatus } from '../../domain/heartbeat.js';

/** A page of the execution history, newest first. */
export function listLogs(deps: ServiceDeps, filter: RunFilter, req: PageRequest & { after?: string }) {
  return pageRuns(deps.db, filter, req);
}

type Outcomes = { nothing_to_report: number; progress: number; needs_attention: number; unreported: number };
const noOutcomes = (): Outcomes => ({ nothing_to_report: 0, progress: 0, needs_attention: 0, unreported: 0 });

/** Adds a daily-totals row's outcomes: the runs that ran without one are `unreported`. */
function addOutcomes(to: Outcomes, t: DayTotals): void {
  to.nothing_to_report += t.nothing_to_report;
  to.progress += t.progress;
  to.needs_attention += t.needs_attention;
  if (t.status !== 'skipped') to.unreported += t.runs - t.nothing_to_report - t.progress - t.needs_attention;
}

/** What the cost ladder saved: runs the precheck skipped or the triage ended, and their credits. */
function ladderSavings(totals: DayTotals[], ran: number, credits: number) {
  let precheck = 0;
  let triage = 0;
  let triageCredits = 0;
  for (const t of totals) {
    precheck += t.precheck_skips;
    triage += t.triage_ends;
    triageCredits += t.triage_credits;
  }
  // A run the ladder kept cheap would have cost what the runs that reached the full model cost.
  const fullRuns = ran - triage;
  const perFullRun = fullRuns > 0 ? (credits - triageCredits) / fullRuns : 0;
  return {
    precheck_skipped: precheck,
    triage_ended: triage,
    credits_saved: Math.max(0, Math.round((precheck + triage) * perFullRun - triageCredits)),
  };
}

/**
 * Aggregates over the last `days` UTC days, today included: counts by status, type and outcome,
 * tokens, credits, what the cost ladder saved, a zero-filled daily series (oldest first) and the
 * heartbeats enabled now.
 */
export async function heartbeatStats(
  deps: ServiceDeps,
  filter: Omit<RunFilter, 'from' | 'to' | 'status'>,
  days: number,
  now: Date,
) {
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  const first = today.minus({ days: days - 1 });
  const [totals, active] = await Promise.all([
    runTotalsByDay(deps.db, { ...filter, fromDay: first.toISODate()! }),
    countEnabledHeartbeats(deps.db, filter),
  ]);

  type Day = { date: string; total: number; tokens: number; credits: number; avg_duration_ms: number };
  const series = new Map<string, Day & Record<RunStatus, number> & { outcomes: Outcomes }>();
  for (let d = first; d <= today; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!;
    series.set(date, {
      date,
      total: 0,
      ...zeroByStatus(),
      tokens: 0,
      credits: 0,
      avg_duration_ms: 0,
      outcomes: noOutcomes(),
    });
  }
  const ranMs = new Map<string, number>();
  const count = zeroByStatus();
  const byType: Record<string, number> = { heartbeat: 0, manual: 0 };
  const outcomes = noOutcomes();
  let tokens = 0;
  let credits = 0;
  let duration = 0;
  for (const t of totals) {
    count[t.status] += t.runs;
    byType[t.type] = (byType[t.type] ?? 0) + t.runs;
    tokens += t.tokens;
    credits += t.credits;
    addOutcomes(outcomes, t);
    if (t.status !== 'skipped') duration += t.duration;
    const entry = series.get(t.day);
    if (entry) {
      entry.total += t.runs;
      entry[t.status] += t.runs;
      entry.tokens += t.tokens;
      entry.credits += t.credits;
      addOutcomes(entry.outcomes, t);
      if (t.status !== 'skipped') ranMs.set(t.day, (ranMs.get(t.day) ?? 0) + t.duration);
    }
  }
  for (const entry of series.values()) {
    const ranThatDay = entry.success + entry.error;
    entry.avg_duration_ms = ranThatDay === 0 ? 0 : Math.round((ranMs.get(entry.date) ?? 0) / ranThatDay);
  }
  const ran = count.success + count.error;
  const savings = ladderSavings(totals, ran, credits);
  const looked = ran + savings.precheck_skipped;
  return {
    total_executions: count.success + count.error + count.skipped,
    success_count: count.success,
    error_count: count.error,
    skipped_count: count.skipped,
    success_rate: ran === 0 ? 0 : count.success / ran,
    total_tokens: tokens,
    total_credits: credits,
    avg_duration_ms: ran === 0 ? 0 : Math.round(duration / ran),
    active_heartbeats: active,
    by_type: byType,
    outcomes,
    quiet_rate: looked === 0 ? 0 : outcomes.nothing_to_report / looked,
    ...savings,
    time_series: [...series.values()],
  };
}

function zeroByStatus(): Record<RunStatus, number> {
  return Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
}
