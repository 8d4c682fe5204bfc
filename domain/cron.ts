/**
 * Cron patterns for schedules: parsing (croner), the next firing in a zone, and what a pattern
 * can reach on a given day at a glance (its times of day and its day fields), so a search over a
 * year passes over the days it cannot fire without asking croner. Pure, shared with the workflow.
 */
import { Cron, CronPattern } from 'croner';
import { nextLocalCronTime, offsetMinutes, type DstPolicy } from './dst.js';
import { changesBetween } from './zone-offsets.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Builds the croner job for a standard 5-field pattern, or throws with croner's reason. */
export function parseCron(pattern: string, timezone = 'UTC'): Cron {
  if (pattern.trim().split(/\s+/).length !== 5) {
    throw new Error('a cron pattern has exactly 5 fields: minute hour day-of-month month day-of-week');
  }
  return new Cron(pattern, { timezone, mode: '5-part', paused: true, domAndDow: false });
}

/** A small cache: a search asks for the same few patterns over and over. */
function remembered<T>(build: (key: string) => T): (key: string) => T {
  const entries = new Map<string, T>();
  return (key) => {
    let value = entries.get(key);
    if (value === undefined) {
      value = build(key);
      if (entries.size >= 256) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
    }
    return value;
  };
}

/** The croner job for a pattern in a zone, or at a fixed UTC offset in minutes (no zone lookups). */
const cronAt = remembered((id) => {
  const [zone, pattern] = [id.slice(0, id.indexOf('|')), id.slice(id.indexOf('|') + 1)];
  return /^-?\d+$/.test(zone)
    ? new Cron(pattern, { utcOffset: Number(zone), mode: '5-part', paused: true, domAndDow: false })
    : parseCron(pattern, zone);
});
const cronIn = (pattern: string, zone: string | number) => cronAt(`${zone}|${pattern}`);

/**
 * The first firing of `pattern` strictly after `after`. With a policy, croner matches clock
 * readings (at offset 0, which has no clock changes) and the policy places them in the zone.
 * Without one, croner's own handling of clock changes decides; where the zone keeps one offset
 * from a day before `after` to a day past the match, the match at that fixed offset is the same
 * instant and costs no zone lookup.
 */
export function cronNext(pattern: string, zone: string, after: number, policy?: DstPolicy | null): number | null {
  if (policy) return nextLocalCronTime(cronIn(pattern, 0), zone, after, policy);
  const quick = cronIn(pattern, offsetMinutes(after, zone)).nextRun(new Date(after));
  if (quick && !changesBetween(zone, after - DAY, quick.getTime() + DAY)) return quick.getTime();
  return cronIn(pattern, zone).nextRun(new Date(after))?.getTime() ?? null;
}

interface Reach {
  fields: CronPattern;
  /** `before[m]`: how many of the pattern's times of day come before minute `m` (of two days). */
  before: Uint16Array;
}

const reachOf = remembered((pattern): Reach => {
  const fields = new CronPattern(pattern, undefined, { mode: '5-part' });
  const before = new Uint16Array(2 * 1440 + 1);
  for (let m = 0; m < 2 * 1440; m++) {
    before[m + 1] = before[m]! + (fields.hour[Math.floor(m / 60) % 24] && fields.minute[m % 60] ? 1 : 0);
  }
  return { fields, before };
});

/**
 * Whether the day fields may match local day `day` (days since 1970-01-01): month, then day of
 * month and weekday as croner combines them (either one when both are given). Patterns with
 * `L`, `W` or `#` always may: croner decides those.
 */
function dayMayMatch(f: CronPattern, day: number): boolean {
  if (f.lastDayOfMonth || f.lastWeekday || f.nearestWeekdays.some(Boolean)) return true;
  const date = new Date(day * DAY);
  if (!f.month[date.getUTCMonth()]) return false;
  const dom = f.day[date.getUTCDate() - 1] !== 0;
  const dow = f.dayOfWeek[date.getUTCDay()] !== 0;
  if (f.starDOM && f.starDOW) return true;
  if (f.starDOM) return dow;
  if (f.starDOW) return dom;
  return f.useAndLogic ? dom && dow : dom || dow;
}

/**
 * Whether the pattern may fire at a clock reading from minute `start` to `end` (exclusive) counted
 * from the start of local day `day`; `end` past 1440 runs into the next day.
 */
export function mayFireOn(pattern: string, day: number, start: number, end: number): boolean {
  const { fields, before } = reachOf(pattern);
  const first = before[Math.min(end, 1440)]! > before[start]! && dayMayMatch(fields, day);
  return first || (end > 1440 && before[end]! > before[1440]! && dayMayMatch(fields, day + 1));
}

/**
 * The smallest gap, in minutes, between consecutive firings of a cron pattern. From its times of
 * day when they settle it (two or more a day, none closer across midnight than within a day, or
 * one every day); otherwise over a sample of its firings (gaps of a day or more, found in a few).
 */
export function minimumCronGapMinutes(pattern: string, from: Date, samples = 100): number {
  const { fields, before } = reachOf(pattern);
  const times: number[] = [];
  for (let m = 0; m < 1440; m++) if (before[m + 1]! > before[m]!) times.push(m);
  let withinDay = Infinity;
  for (let i = 1; i < times.length; i++) withinDay = Math.min(withinDay, times[i]! - times[i - 1]!);
  if (times.length >= 2 && withinDay <= 1440 - times.at(-1)! + times[0]!) return withinDay;
  if (times.length === 1 && fields.starDOM && fields.starDOW && fields.month.every(Boolean)) return 1440;
  const runs = cronIn(pattern, 0).nextRuns(samples, from);
  let gap = Infinity;
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, (runs[i]!.getTime() - runs[i - 1]!.getTime()) / MINUTE);
  return gap;
}

/**
 * The shortest time between two firings of `pattern`, in minutes, over two days of clock
 * readings (at offset 0, no clock changes), or null when it fires at most once in them. Times of
 * day decide it: a pattern's gaps within a day repeat on every day it fires.
 */
export function shortestCronGapMinutes(pattern: string): number | null {
  const cron = cronIn(pattern, 0);
  // A Monday: weekday fields reach a full week's days within the search below.
  let previous = cron.nextRun(new Date(Date.UTC(2024, 0, 1)));
  let shortest: number | null = null;
  for (let i = 0; i < 48 && previous; i++) {
    const next = cron.nextRun(previous);
    if (!next || next.getTime() - previous.getTime() > 2 * DAY) break;
    const gap = (next.getTime() - previous.getTime()) / MINUTE;
    shortest = shortest === null ? gap : Math.min(shortest, gap);
    previous = next;
  }
  return shortest;
}
