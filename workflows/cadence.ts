/**
 * Adaptive cadence in the workflow: the run an adaptive heartbeat planned after its last one,
 * what happens when it wakes for it, and its state after each scheduled run. A heartbeat without
 * `adaptive` in its configuration never reaches this code, so its history is what it always was.
 */
import type { MissedOccurrences } from '../contract/activities.js';
import { runKeys } from '../contract/runs.js';
import { adaptedAfter } from '../domain/cadence.js';
import { plannedRun } from '../domain/heartbeat.js';
import type { OutcomeReport } from '../domain/outcome.js';
import { isInWindow } from '../domain/schedule.js';
import type { HeartbeatRuntime } from './state.js';

const MINUTE = 60_000;

export interface Planned {
  nominal: Date;
  at: Date;
  /** Planned by the adaptive cadence rather than the schedule's grid. */
  adaptive?: true;
}

/** The next run: an adaptive heartbeat's own plan when it has one still ahead, else the schedule's. */
export function nextPlanned(hb: HeartbeatRuntime): Planned | null {
  const next = hb.config.adaptive ? hb.carried.adaptive?.next : undefined;
  if (next && Date.parse(next.nominal) > Date.parse(hb.carried.cursor)) {
    return { nominal: new Date(next.nominal), at: new Date(next.at), adaptive: true };
  }
  return plannedRun(hb.config, new Date(hb.carried.cursor));
}

/**
 * Woken, maybe late, for an adaptive run: it runs while its window is open or before the soonest
 * run could have followed it; otherwise it is missed, and the schedule's grid plans the next.
 */
export function adaptiveCatchUp(hb: HeartbeatRuntime, nominal: Date): { run: Date | null; missed?: MissedOccurrences } {
  const iso = nominal.toISOString();
  hb.advanceCursor(iso);
  const now = hb.now();
  const soonestNext = nominal.getTime() + (hb.config.interval_minutes ?? 1) * MINUTE;
  if (now < soonestNext || isInWindow(hb.config, new Date(now))) return { run: nominal };
  hb.carried.adaptive = { ...hb.carried.adaptive!, next: null };
  hb.advanceCursor(new Date(now).toISOString());
  return { run: null, missed: { run_key: runKeys.missed(hb.config.heartbeat_id, iso), from: iso, count: 1 } };
}

/** What a run of an adaptive heartbeat is told: its quiet streak and why it runs now. */
export function adaptiveInput(hb: HeartbeatRuntime): { quiet_runs: number; reason: string | null } | undefined {
  if (!hb.config.adaptive) return undefined;
  return { quiet_runs: hb.carried.adaptive?.quiet_runs ?? 0, reason: hb.carried.adaptive?.reason ?? null };
}

/** After a scheduled run of an adaptive heartbeat: its next run follows what the run reported. */
export function afterScheduledRun(hb: HeartbeatRuntime, scheduledFor: string, report: OutcomeReport | null): void {
  if (!hb.config.adaptive) return;
  hb.carried.adaptive = adaptedAfter(hb.config, new Date(scheduledFor), hb.carried.adaptive?.quiet_runs ?? 0, report);
}

/** An adaptive heartbeat's one planned run, if it fell due in (after, until]: what a stopped schedule missed. */
export function adaptiveStretch(
  hb: HeartbeatRuntime,
  after: string,
  until: string,
): { first: Date; count: number } | null {
  const next = hb.carried.adaptive?.next;
  if (!next) return null;
  const due = Date.parse(next.nominal);
  return due > Date.parse(after) && due <= Date.parse(until) ? { first: new Date(due), count: 1 } : null;
}
