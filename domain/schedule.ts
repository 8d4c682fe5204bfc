/**
 * Schedule math: when is a heartbeat next due? Pure and deterministic (no clock, no I/O), so the
 * workflow and the API share it. Time zones come from luxon (IANA data via `Intl` with an
 * explicit zone); cron patterns from croner.
 */
import cronstrue from 'cronstrue';
import { IANAZone } from 'luxon';
import { cronNext, mayFireOn } from './cron.js';
import { offsetMinutes, resolveLocal, type DstPolicy } from './dst.js';
import { changesBetween } from './zone-offsets.js';

export { minimumCronGapMinutes, parseCron } from './cron.js';

export interface ScheduleSpec {
  interval_minutes?: number | null;
  cron_pattern?: string | null;
  /** "HH:MM", both or neither; start inclusive, end exclusive, local time in `timezone`. */
  active_hours_start?: string | null;
  active_hours_end?: string | null;
  /** "1,2,3,4,5", 1 = Monday. */
  active_days?: string | null;
  /** IANA zone, default "UTC". */
  timezone: string;
  /** ISO time the interval cadence counts from. */
  anchor: string;
  /** Local times that clocks skip or repeat; absent (configurations before it): the rule of its defaults, cron by croner. */
  dst_policy?: DstPolicy | null;
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** How far ahead a search for the next due time goes before it answers "never". */
export const HORIZON_DAYS = 400;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since local midnight of an "HH:MM" string ("24:00" → 1440), or undefined if malformed. */
export function parseClock(value: string): number | undefined {
  if (!HHMM.test(value)) return undefined;
  const [h, m] = value.split(':').map(Number);
  return h! * 60 + m!;
}

/** The weekdays of an `active_days` string (1 = Monday … 7 = Sunday), or undefined if malformed. */
export function parseDays(value: string): Set<number> | undefined {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^[1-7]$/.test(p))) return undefined;
  return new Set(parts.map(Number));
}

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The instant at which a local date + clock time happens in `zone`. A time that happens twice
 * (fall back) means its first occurrence; a time that never happens (spring forward) means the
 * first instant whose local time is later than it, i.e. the end of the gap: 02:30 on a day that
 * jumps from 02:00 to 03:00 means 03:00.
 */
export function localToInstant(year: number, month: number, day: number, minuteOfDay: number, zone: string): number {
  return firstAt(Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE, zone);
}

interface Window {
  open: number;
  close: number;
  /** Where its runs count from: the opening, or before it when the opening fell in a skipped gap. */
  grid: number;
}

interface ParsedWindow {
  start: number;
  end: number;
  days?: Set<number>;
  zone: string;
  /** An opening clocks skip: runs keep the day's usual times after the gap (`skip`), or count from its end. */
  skipGap: boolean;
}

function parseWindow(spec: ScheduleSpec): ParsedWindow | undefined {
  const days = spec.active_days ? parseDays(spec.active_days) : undefined;
  const skipGap = spec.dst_policy?.skipped_hour === 'skip';
  if (!spec.active_hours_start || !spec.active_hours_end) {
    // Days without hours: the whole of each listed day.
    return days ? { start: 0, end: 0, days, zone: spec.timezone, skipGap } : undefined;
  }
  const start = parseClock(spec.active_hours_start);
  const end = parseClock(spec.active_hours_end);
  if (start === undefined || end === undefined) throw new Error('active hours must be "HH:MM"');
  return { start: start % 1440, end, days, zone: spec.timezone, skipGap };
}

/** Day of the week (1 = Monday … 7 = Sunday) of a day counted from 1970-01-01, a Thursday. */
const weekday = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

/** Minutes after the opening day's midnight at which the window closes (past 1440: the next day). */
function closingMinute(w: ParsedWindow): number {
  if (w.end === w.start) return w.start + 1440; // the whole day
  return w.end < w.start ? w.end + 1440 : w.end; // wraps past midnight, or "24:00" = 1440
}

/** The first instant at which the clock reads `wall`, or the end of the gap that skips it. */
function firstAt(wall: number, zone: string): number {
  const local = resolveLocal(wall, zone);
  return local.kind === 'single' ? local.at : local.kind === 'repeated' ? local.first : local.gapEnd;
}

/** The window that opens on local day `day` (days since 1970-01-01). */
function windowOn(day: number, w: ParsedWindow): Window | undefined {
  if (w.days && !w.days.has(weekday(day))) return undefined;
  const opening = resolveLocal(day * DAY + w.start * MINUTE, w.zone);
  let open: number;
  let grid: number;
  if (opening.kind === 'skipped') {
    open = opening.gapEnd;
    grid = w.skipGap ? opening.onGrid : open;
  } else open = grid = opening.kind === 'single' ? opening.at : opening.first;
  const close = firstAt(day * DAY + closingMinute(w) * MINUTE, w.zone);
  return close > open ? { open, close, grid } : undefined;
}

/** Local day (in the window's zone) on which an instant falls, in days since 1970-01-01. */
function localDay(instant: number, zone: string): number {
  return Math.floor((instant + offsetMinutes(instant, zone) * MINUTE) / DAY);
}

/** Windows overlapping or after `after`, in order: starts the day before, for overnight windows. */
function* windowsFrom(after: number, w: ParsedWindow): Generator<Window> {
  const first = localDay(after, w.zone) - 1;
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    const win = windowOn(first + i, w);
    if (win && win.close > after) yield win;
  }
}

/** Whether `instant` falls inside the active window (always true without one). */
export function isInWindow(spec: ScheduleSpec, instant: Date): boolean {
  const w = parseWindow(spec);
  if (!w) return true;
  const t = instant.getTime();
  for (const win of windowsFrom(t, w)) return win.open <= t && t < win.close;
  return false;
}

/** Earliest due time strictly after `after`, or null when none comes within the search horizon. */
export function nextDueTime(spec: ScheduleSpec, after: Date): Date | null {
  const t = after.getTime();
  const w = parseWindow(spec);
  if (spec.cron_pattern) return nextCronTime(spec, spec.cron_pattern, t, w);
  const interval = spec.interval_minutes;
  if (!interval || interval <= 0) throw new Error('a schedule needs interval_minutes or cron_pattern');
  const step = interval * MINUTE;

  if (!w) {
    const anchor = Date.parse(spec.anchor);
    const k = Math.max(1, Math.floor((t - anchor) / step) + 1);
    return new Date(anchor + k * step);
  }
  for (const win of windowsFrom(t, w)) {
    // The first run on the window's grid strictly after `t` and not before it opens.
    const from = Math.max(t + 1, win.open);
    const due = win.grid + Math.ceil((from - win.grid) / step) * step;
    if (due < win.close) return new Date(due);
  }
  return null;
}

/**
 * Whether the zone keeps one offset all around the window opening on local `day` (a day either
 * side of it, which opens and closes within two days): there a window is its clock readings, so a
 * pattern that cannot fire at them cannot fire in it.
 */
const steadyAround = (day: number, zone: string) => !changesBetween(zone, (day - 2) * DAY, (day + 4) * DAY);

/**
 * The first firing inside a window. Windows whose clock readings the pattern cannot reach (its
 * times of day, its days) are passed over without a search (around a clock change the search
 * decides), and a search that lands past its window passes over every day before what it found:
 * the work is a zone table and a few searches, whatever the pattern, the window and the zone.
 */
function nextCronTime(spec: ScheduleSpec, pattern: string, after: number, w: ParsedWindow | undefined): Date | null {
  const next = (from: number) => cronNext(pattern, spec.timezone, from, spec.dst_policy);
  const horizon = after + HORIZON_DAYS * DAY;
  // Croner's "next" is strictly after its argument.
  if (!w) {
    const due = next(after);
    return due !== null && due < horizon ? new Date(due) : null;
  }
  const closing = closingMinute(w);
  const first = localDay(after, w.zone) - 1;
  let ahead: number | null = null; // the first firing after the last search, past that search's window
  for (let day = first; day <= first + HORIZON_DAYS; day++) {
    // A window closes within two days of its opening day: those before `ahead`'s hold no firing.
    if (ahead !== null) day = Math.max(day, localDay(ahead, w.zone) - 2);
    if (!mayFireOn(pattern, day, w.start, closing) && steadyAround(day, w.zone)) continue;
    const win = windowOn(day, w);
    if (!win || win.close <= after) continue;
    if (win.open >= horizon) return null;
    if (ahead !== null && win.close <= ahead) continue;
    if (ahead !== null && ahead >= win.open) return new Date(ahead);
    const due = next(Math.max(after, win.open - 1));
    if (due === null || due >= horizon) return null;
    if (due < win.close) return new Date(due);
    ahead = due;
  }
  return null;
}

/** FNV-1a, 32 bits: a stable hash of a string, the same on every machine and in every replay. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * How long after its nominal time an occurrence runs: a deterministic spread over
 * `[0, jitterSeconds)` seconds drawn from the heartbeat and the occurrence (as Temporal
 * Schedules' jitter is), never reaching the next occurrence.
 */
export function jitterMs(heartbeatId: string, nominal: Date, jitterSeconds: number, next: Date | null): number {
  let span = jitterSeconds * 1000;
  if (next) span = Math.min(span, next.getTime() - nominal.getTime() - 1000);
  if (span <= 0) return 0;
  return fnv1a(`${heartbeatId}@${nominal.toISOString()}`) % span;
}

export interface CatchUpPlan {
  /** The occurrence to run now, or null when the window has closed since. */
  run: Date | null;
  /** Occurrences that will never run (recorded as one `missed` row). */
  missed: number;
  /** The latest occurrence at or before `now`: everything up to it is handled. */
  latest: Date;
}

/**
 * What to do when a heartbeat wakes at `now` for the occurrence `due` (≤ now), possibly late
 * (workers were down, or a run overran): run the latest occurrence once, never a burst, and
 * count the earlier ones as missed. The catch-up run happens only while the window is open.
 */
export function planCatchUp(spec: ScheduleSpec, due: Date, now: Date, cap = 600_000): CatchUpPlan {
  let latest = due;
  let later = 0;
  for (let d = nextDueTime(spec, due); d && d.getTime() <= now.getTime() && later < cap; d = nextDueTime(spec, d)) {
    latest = d;
    later++;
  }
  if (later === 0 || isInWindow(spec, now)) return { run: latest, missed: later, latest };
  return { run: null, missed: later + 1, latest };
}

/**
 * The occurrences after `after` up to and including `until`: how many, and the first. Used for
 * what fell due while a heartbeat could not run and then stopped being scheduled (disabled or
 * reconfigured): those occurrences are recorded as missed, never silently dropped.
 */
export function occurrencesBetween(
  spec: ScheduleSpec,
  after: Date,
  until: Date,
  cap = 600_000,
): { first: Date; count: number } | null {
  const first = nextDueTime(spec, after);
  if (!first || first.getTime() > until.getTime()) return null;
  let count = 1;
  for (let d = nextDueTime(spec, first); d && d.getTime() <= until.getTime() && count < cap; d = nextDueTime(spec, d)) {
    count++;
  }
  return { first, count };
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function describeDays(days: Set<number>): string {
  const sorted = [...days].sort((a, b) => a - b);
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (sorted.length === 7) return 'every day';
  if (contiguous && sorted.length > 2) return `${DAY_NAMES[sorted[0]! - 1]}–${DAY_NAMES[sorted.at(-1)! - 1]}`;
  return sorted.map((d) => DAY_NAMES[d - 1]).join(', ');
}

/** One sentence for people: "Every 60 minutes, 09:00–17:00 Mon–Fri, America/New_York". */
export function describeSchedule(spec: ScheduleSpec): string {
  const cadence = spec.cron_pattern
    ? cronstrue.toString(spec.cron_pattern, { use24HourTimeFormat: true, throwExceptionOnParseError: false })
    : spec.interval_minutes === 1
      ? 'Every minute'
      : `Every ${spec.interval_minutes} minutes`;
  return [cadence, describeWindow(spec), spec.timezone].filter(Boolean).join(', ');
}

/** The active window in words ("09:00–17:00 Mon–Fri", "on Sat, Sun"), or '' when there is none. */
export function describeWindow(spec: Pick<ScheduleSpec, 'active_hours_start' | 'active_hours_end' | 'active_days'>) {
  const hours =
    spec.active_hours_start && spec.active_hours_end ? `${spec.active_hours_start}–${spec.active_hours_end}` : '';
  const days = spec.active_days ? parseDays(spec.active_days) : undefined;
  if (hours) return [hours, days ? describeDays(days) : ''].filter(Boolean).join(' ');
  return days ? `on ${describeDays(days)}` : '';
}

/**
 * An interval schedule's due times in [from, to) as runs of evenly spaced instants: one run
 * without a window, one per window with one (a cron pattern has none here: see domain/forecast.ts).
 * Jitter-free, and one step per window whatever the interval, so a forecast can count a month.
 */
export function* intervalDueTimes(
  spec: ScheduleSpec,
  from: Date,
  to: Date,
): Generator<{ first: number; step: number; count: number }> {
  const start = from.getTime();
  const end = to.getTime();
  const step = (spec.interval_minutes ?? 0) * MINUTE;
  if (spec.cron_pattern || step <= 0) return;
  const evenly = (lo: number, hi: number, grid: number) => {
    const first = grid + Math.ceil((lo - grid) / step) * step;
    return first < hi ? { first, step, count: Math.floor((hi - 1 - first) / step) + 1 } : undefined;
  };
  const w = parseWindow(spec);
  if (!w) {
    const all = evenly(start, end, Date.parse(spec.anchor));
    if (all) yield all;
    return;
  }
  for (const win of windowsFrom(start, w)) {
    if (win.open >= end) return;
    const inside = evenly(Math.max(start, win.open), Math.min(end, win.close), win.grid);
    if (inside) yield inside;
  }
}
