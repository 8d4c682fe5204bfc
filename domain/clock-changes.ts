/**
 * Clock changes (daylight saving) in words people can check a schedule against: when the clocks
 * change, and what the heartbeat's schedule and `dst_policy` make of that day. Pure.
 */
import { DateTime } from 'luxon';
import { DEFAULT_DST_POLICY, offsetMinutes, resolveLocal, transitionAfter, wallOf } from './dst.js';
import { localToInstant, parseClock, parseCron, type ScheduleSpec } from './schedule.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export interface ClockChange {
  /** The first instant on the new offset. */
  at: number;
  /** Minutes the clocks move: forward (> 0) or back (< 0). */
  shift: number;
  /** Local readings (wall milliseconds) the change skips or repeats: [from, to). */
  from: number;
  to: number;
}

function changeAt(at: number, zone: string): ClockChange {
  const shift = offsetMinutes(at, zone) - offsetMinutes(at - MINUTE, zone);
  const before = at + offsetMinutes(at - MINUTE, zone) * MINUTE; // the reading the clocks left
  return shift > 0
    ? { at, shift, from: before, to: before + shift * MINUTE }
    : { at, shift, from: before + shift * MINUTE, to: before };
}

const hhmm = (wall: number) => DateTime.fromMillis(wall, { zone: 'utc' }).toFormat('HH:mm');

export function describeChange(c: ClockChange): string {
  return c.shift > 0
    ? `clocks go forward ${c.shift} min at ${hhmm(c.from)} local time: ${hhmm(c.from)}–${hhmm(c.to)} does not exist this day`
    : `clocks go back ${-c.shift} min at ${hhmm(c.to)} local time: ${hhmm(c.from)}–${hhmm(c.to)} happens twice this day`;
}

/** The instant a local day (wall milliseconds at its midnight) begins in `zone`. */
function dayStartOf(wallDay: number, zone: string): number {
  const d = new Date(wallDay);
  return localToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, zone);
}

/** The clock change on the local day of `instant` in `zone`, if there is one. */
export function clockChangeOn(instant: Date, zone: string): { at: Date; shiftMinutes: number; words: string } | null {
  const day = Math.floor(wallOf(instant.getTime(), zone) / DAY) * DAY;
  const dayStart = dayStartOf(day, zone);
  const dayEnd = dayStartOf(day + DAY, zone);
  if (offsetMinutes(dayStart, zone) === offsetMinutes(dayEnd - 1, zone)) return null;
  const change = changeAt(transitionAfter(dayStart, dayEnd - 1, zone), zone);
  return { at: new Date(change.at), shiftMinutes: change.shift, words: describeChange(change) };
}

/**
 * The clock changes between two instants: the offset sampled every week (zones change their
 * clocks months apart), each change then found to the minute. About 52 samples a year.
 */
export function clockChangesBetween(zone: string, from: number, to: number): ClockChange[] {
  const changes: ClockChange[] = [];
  for (let start = from; start < to; start += 7 * DAY) {
    const end = Math.min(start + 7 * DAY, to);
    if (offsetMinutes(start, zone) !== offsetMinutes(end, zone))
      changes.push(changeAt(transitionAfter(start, end, zone), zone));
  }
  return changes;
}

/** Up to four local readings a cron pattern fires at in [from, to) (wall milliseconds). */
function cronReadings(pattern: string, from: number, to: number): string[] {
  const cron = parseCron(pattern, 'UTC');
  const readings: string[] = [];
  for (let t = cron.nextRun(new Date(from - 1)); t && t.getTime() < to && readings.length < 4; t = cron.nextRun(t)) {
    readings.push(hhmm(t.getTime()));
  }
  return readings;
}

const listed = (readings: string[]) =>
  readings.length > 3 ? `${readings.slice(0, 3).join(', ')}…` : readings.join(', ');

/** What a schedule does on the day of a clock change, by its `dst_policy`, in words. */
export function effectOf(spec: ScheduleSpec, c: ClockChange): string {
  const policy = spec.dst_policy ?? DEFAULT_DST_POLICY;
  const forward = c.shift > 0;
  if (spec.cron_pattern) {
    const readings = cronReadings(spec.cron_pattern, c.from, c.to);
    if (readings.length === 0) return `no run falls in ${hhmm(c.from)}–${hhmm(c.to)}: nothing changes`;
    const them = readings.length === 1 ? `the ${readings[0]} run` : `the runs at ${listed(readings)}`;
    if (forward) {
      return policy.skipped_hour === 'shift'
        ? `${them} ${readings.length === 1 ? 'runs' : 'run once'} at ${hhmm(c.to)} instead (skipped_hour: shift)`
        : `${them} ${readings.length === 1 ? 'does' : 'do'} not run this day (skipped_hour: skip)`;
    }
    return policy.repeated_hour === 'first'
      ? `${them} ${readings.length === 1 ? 'runs' : 'run'} once, at the first pass (repeated_hour: first)`
      : `${them} ${readings.length === 1 ? 'runs' : 'run'} at both passes (repeated_hour: both)`;
  }
  const opens = spec.active_hours_start ? parseClock(spec.active_hours_start) : undefined;
  const dayStart = Math.floor(c.from / DAY) * DAY;
  const opening = opens === undefined ? undefined : dayStart + (opens % 1440) * MINUTE;
  if (opening !== undefined && opening >= c.from && opening < c.to) {
    if (!forward) return `the window opens at the first ${spec.active_hours_start}; runs keep elapsed spacing`;
    return policy.skipped_hour === 'shift'
      ? `the window's ${spec.active_hours_start} opening does not exist: it opens at ${hhmm(c.to)} and its runs count from there (skipped_hour: shift)`
      : `the window's ${spec.active_hours_start} opening does not exist: runs before ${hhmm(c.to)} do not happen, the others keep their usual times (skipped_hour: skip)`;
  }
  return `runs keep ${spec.interval_minutes} minutes of elapsed time between them through the change`;
}

/**
 * A note for a run the clock change touches: one placed at the end of a gap for a local time the
 * gap skipped, or one at a local time that happens twice.
 */
export function runNote(spec: ScheduleSpec, at: Date): string | null {
  const zone = spec.timezone;
  const t = at.getTime();
  const local = resolveLocal(wallOf(t, zone), zone);
  if (local.kind === 'repeated') {
    const which = local.first === t ? 'first' : 'second';
    return `${hhmm(wallOf(t, zone))} happens twice this day: this run is at the ${which}`;
  }
  if (offsetMinutes(t - MINUTE, zone) >= offsetMinutes(t, zone)) return null;
  const c = changeAt(t, zone);
  const opens = spec.active_hours_start ? parseClock(spec.active_hours_start) : undefined;
  const skipped = spec.cron_pattern
    ? cronReadings(spec.cron_pattern, c.from, c.to)
    : opens !== undefined && (opens % 1440) * MINUTE >= c.from % DAY && (opens % 1440) * MINUTE < c.to % DAY
      ? [spec.active_hours_start!]
      : [];
  if (skipped.length === 0) return null;
  return `runs at ${hhmm(c.to)} for ${listed(skipped)}, which the clocks skip this day`;
}

/** A clock change within a preview, and what the schedule does that day. */
export interface ClockChangeDay {
  /** The local date of the change (YYYY-MM-DD). */
  date: string;
  at: Date;
  shift_minutes: number;
  words: string;
  effect: string;
}

/** Weekly samples a preview looks through for clock changes: about eight years. */
const MAX_WEEKS = 400;

/** The clock changes from `from` to `to` (at most eight years on), each with what the schedule does that day. */
export function clockChangeDays(spec: ScheduleSpec, from: Date, to: Date): ClockChangeDay[] {
  const end = Math.min(to.getTime(), from.getTime() + MAX_WEEKS * 7 * DAY);
  return clockChangesBetween(spec.timezone, from.getTime(), end).map((c) => ({
    date: DateTime.fromMillis(c.shift > 0 ? c.from : c.to - MINUTE, { zone: 'utc' }).toISODate()!,
    at: new Date(c.at),
    shift_minutes: c.shift,
    words: describeChange(c),
    effect: effectOf(spec, c),
  }));
}
