/**
 * Daylight saving for schedules that name local times (cron patterns, window openings): what a
 * local time that never happens (clocks go forward) or happens twice (clocks go back) means, by
 * the heartbeat's `dst_policy`. Pure: zone data from luxon, wall-clock matches from croner.
 */
import type { Cron } from 'croner';
import { offsetAt } from './zone-offsets.js';

export const REPEATED_HOUR_POLICIES = ['first', 'both'] as const;
export type RepeatedHourPolicy = (typeof REPEATED_HOUR_POLICIES)[number];
export const SKIPPED_HOUR_POLICIES = ['shift', 'skip'] as const;
export type SkippedHourPolicy = (typeof SKIPPED_HOUR_POLICIES)[number];

export interface DstPolicy {
  /** A local time that happens twice: run at the first only, or at both. */
  repeated_hour: RepeatedHourPolicy;
  /** A local time that never happens: run at the first minute after the gap, or not at all. */
  skipped_hour: SkippedHourPolicy;
}

export const DEFAULT_DST_POLICY: DstPolicy = { repeated_hour: 'first', skipped_hour: 'shift' };

const MINUTE = 60_000;

/** The zone's UTC offset at `instant`, in minutes (luxon's, read through a table of the zone's changes). */
export function offsetMinutes(instant: number, zone: string): number {
  return offsetAt(zone, instant);
}

/** The local clock reading of an instant, as milliseconds since 1970 on a clock without zones. */
export function wallOf(instant: number, zone: string): number {
  return instant + offsetMinutes(instant, zone) * MINUTE;
}

/** A local clock reading in a zone: it happens once, twice (clocks went back) or never (forward). */
export type LocalTime =
  | { kind: 'single'; at: number }
  | { kind: 'repeated'; first: number; second: number }
  /** `gapEnd`: the first instant after the gap; `onGrid`: the reading taken with the offset after it. */
  | { kind: 'skipped'; gapEnd: number; onGrid: number };

/** The instants at which the clock in `zone` reads `wall`. */
export function resolveLocal(wall: number, zone: string): LocalTime {
  // The offsets in force around that time; a transition in between gives two candidates.
  const offsets = new Set([offsetMinutes(wall - 36 * 60 * MINUTE, zone), offsetMinutes(wall + 36 * 60 * MINUTE, zone)]);
  const valid = [...offsets]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => wallOf(instant, zone) === wall)
    .sort((a, b) => a - b);
  if (valid.length === 2) return { kind: 'repeated', first: valid[0]!, second: valid[1]! };
  if (valid.length === 1) return { kind: 'single', at: valid[0]! };

  // In a gap: find the transition, the first instant whose local time is past `wall`.
  let low = wall - Math.max(...offsets) * MINUTE; // local time before `wall` here
  let high = wall - Math.min(...offsets) * MINUTE; // and after it here
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (wallOf(mid, zone) > wall) high = mid;
    else low = mid;
  }
  return { kind: 'skipped', gapEnd: high, onGrid: wall - offsetMinutes(high, zone) * MINUTE };
}

/** The first instant after `from` (up to `to`) whose offset differs from `from`'s, to the minute. */
export function transitionAfter(from: number, to: number, zone: string): number {
  const before = offsetMinutes(from, zone);
  let low = from;
  let high = to;
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (offsetMinutes(mid, zone) === before) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * The next instant after `after` at which a cron pattern fires in `zone` under `policy`. `cron`
 * matches clock readings (built for UTC, which has no clock changes); each reading is then placed
 * in the zone. A bounded number of searches whatever the pattern: one, and one more at a clock
 * change (to jump past a gap or a repeated hour, or to find the repeated hour's second pass).
 */
export function nextLocalCronTime(cron: Cron, zone: string, after: number, policy: DstPolicy): number | null {
  let from = wallOf(after, zone);
  for (let searches = 0; searches < 4; searches++) {
    const match = cron.nextRun(new Date(from));
    if (!match) return null;
    const local = resolveLocal(match.getTime(), zone);
    let found: number;
    if (local.kind === 'single') found = local.at;
    else if (local.kind === 'skipped') {
      if (policy.skipped_hour === 'shift') found = local.gapEnd;
      else {
        // Every reading in the gap is skipped: look on from the first reading after it.
        from = wallOf(local.gapEnd, zone) - 1;
        continue;
      }
    } else if (local.first > after) found = local.first;
    else if (policy.repeated_hour === 'both') found = local.second;
    else {
      // `after` is in the repeated hour's second pass, whose readings already ran in the first.
      const spanEnd = transitionAfter(local.first, local.second, zone) + (local.second - local.first);
      from = wallOf(spanEnd, zone) - 1;
      continue;
    }
    return policy.repeated_hour === 'both' ? Math.min(found, secondPass(cron, zone, after, found) ?? found) : found;
  }
  return null;
}

/**
 * With `both`: when clocks went back between `after` and `found`, the repeated hour's second pass
 * comes before `found`; its first match there, if any.
 */
function secondPass(cron: Cron, zone: string, after: number, found: number): number | null {
  if (offsetMinutes(after, zone) <= offsetMinutes(found, zone)) return null;
  const transition = transitionAfter(after, found, zone);
  const span = (offsetMinutes(transition - MINUTE, zone) - offsetMinutes(transition, zone)) * MINUTE;
  const start = wallOf(transition, zone);
  const match = cron.nextRun(new Date(start - 1));
  if (!match || match.getTime() >= start + span) return null;
  return transition + (match.getTime() - start);
}
