/**
 * What a heartbeat will spend: its due times over a billing period, laid out once as blocks (a
 * window of an interval schedule, a day of a cron pattern) that count and find due times in
 * constant work, and the forecast read from them. Pure; bounded work whatever the schedule.
 */
import { Cron, CronPattern } from 'croner';
import { offsetMinutes, wallOf } from './dst.js';
import { intervalDueTimes, parseClock, parseDays, type ScheduleSpec } from './schedule.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Due times in [from, to]: how many, how many before an instant, and the n-th. */
interface Block {
  from: number;
  to: number;
  count: number;
  /** Due times in the block before `t`. */
  before(t: number): number;
  /** The n-th due time of the block (1 ≤ n ≤ count). */
  nth(n: number): number;
}

/** A schedule's due times over a stretch, as blocks in time order. */
export interface DuePlan {
  blocks: Block[];
  total: number;
}

export function duePlan(spec: ScheduleSpec, from: Date, to: Date): DuePlan {
  const blocks = spec.cron_pattern ? cronBlocks(spec, spec.cron_pattern, from, to) : intervalBlocks(spec, from, to);
  return { blocks, total: blocks.reduce((sum, b) => sum + b.count, 0) };
}

/** An interval schedule: one evenly spaced block per window, exact. */
function intervalBlocks(spec: ScheduleSpec, from: Date, to: Date): Block[] {
  return [...intervalDueTimes(spec, from, to)].map(({ first, step, count }) => ({
    from: first,
    to: first + (count - 1) * step,
    count,
    before: (t) => (t <= first ? 0 : Math.min(count, Math.ceil((t - first) / step))),
    nth: (n) => first + (n - 1) * step,
  }));
}

/** Minutes of the local day (start, end) the active window covers on a day, by its weekday (1 = Monday). */
function windowMinutes(spec: ScheduleSpec, weekday: number): Array<[number, number]> {
  const days = spec.active_days ? parseDays(spec.active_days) : undefined;
  const on = (d: number) => !days || days.has(((d + 6) % 7) + 1);
  if (!spec.active_hours_start || !spec.active_hours_end) return on(weekday) ? [[0, 1440]] : [];
  const start = parseClock(spec.active_hours_start)! % 1440;
  const end = parseClock(spec.active_hours_end)!;
  // A window that reaches past midnight belongs to the day it opens on.
  if (end > start) return on(weekday) ? [[start, end]] : [];
  const ranges: Array<[number, number]> = [];
  if (on(weekday - 1) && end > 0) ranges.push([0, end === start ? start : end]);
  if (on(weekday)) ranges.push([start, 1440]);
  return ranges;
}

/**
 * A cron pattern: one block per day it fires on, counted from its minute and hour fields (a day
 * matches if croner finds a match in it). Clock readings, so a day of a clock change may count an
 * hour more or less than runs: a forecast, exact otherwise.
 */
function cronBlocks(spec: ScheduleSpec, pattern: string, from: Date, to: Date): Block[] {
  const fields = new CronPattern(pattern, undefined, { mode: '5-part' });
  const prefix = new Int32Array(1441);
  for (let m = 0; m < 1440; m++) {
    prefix[m + 1] = prefix[m]! + (fields.hour[Math.floor(m / 60)] && fields.minute[m % 60] ? 1 : 0);
  }
  const cron = new Cron(pattern, { timezone: 'UTC', mode: '5-part', paused: true, domAndDow: false });
  const zone = spec.timezone;
  const wallFrom = wallOf(from.getTime(), zone);
  const wallTo = wallOf(to.getTime(), zone);
  const blocks: Block[] = [];
  for (let day = Math.floor(wallFrom / DAY) * DAY; day < wallTo; day += DAY) {
    const match = cron.nextRun(new Date(day - 1));
    if (!match || match.getTime() >= day + DAY) continue;
    // Instants of this day's clock readings, at the offset its day starts with.
    const offset = offsetMinutes(day, zone) * MINUTE;
    const weekday = new Date(day).getUTCDay() || 7;
    for (const [a0, b0] of windowMinutes(spec, weekday)) {
      const a = Math.max(a0, Math.ceil((wallFrom - day) / MINUTE));
      const b = Math.min(b0, Math.ceil((wallTo - day) / MINUTE));
      const count = b > a ? prefix[b]! - prefix[a]! : 0;
      if (count === 0) continue;
      const minuteOf = (t: number) => Math.min(b, Math.max(a, Math.ceil((wallOf(t, zone) - day) / MINUTE)));
      const at = (m: number) => day + m * MINUTE - offset;
      blocks.push({
        from: at(a),
        to: at(b),
        count,
        before: (t) => prefix[minuteOf(t)]! - prefix[a]!,
        nth: (n) => {
          let m = a;
          while (prefix[m + 1]! - prefix[a]! < n) m++;
          return at(m);
        },
      });
    }
  }
  return blocks;
}

/** Due times of the plan at or after `t`. */
export function countFrom(plan: DuePlan, t: number): number {
  let n = 0;
  // Only the block `t` falls in is counted in part (each part costs a time-zone lookup).
  for (const b of plan.blocks) if (b.to >= t) n += b.count - (b.from >= t ? 0 : b.before(t));
  return n;
}

/** The n-th due time of the plan at or after `t` (n ≥ 1), or null when the plan has fewer. */
export function nthFrom(plan: DuePlan, t: number, n: number): number | null {
  let left = n;
  for (const b of plan.blocks) {
    if (b.to < t) continue;
    const skipped = b.from >= t ? 0 : b.before(t);
    const here = b.count - skipped;
    if (left <= here) return b.nth(skipped + left);
    left -= here;
  }
  return null;
}

export interface Forecast {
  period_start: string;
  period_end: string;
  runs_per_period: number;
  runs_left_this_period: number;
  avg_credits_per_run: number;
  credits_expected_this_period: number;
  budget_exhausted_at: string | null;
}

/**
 * The forecast of a heartbeat whose schedule's due times over the billing period are `plan`: the
 * runs left (none unless it runs on schedule; those its budget pays for, when that comes first),
 * the credits expected at its recent average per run, and when, at that pace, its budget runs out
 * this period (the time of the read when it already has; null when it does not before the end).
 */
export function forecastOf(
  plan: DuePlan,
  f: {
    period: { start: Date; end: Date };
    now: Date;
    scheduled: boolean;
    credits_used: number;
    credit_budget: number | null;
    avg_credits_per_run: number;
  },
): Forecast {
  const now = f.now.getTime();
  // Due times still to come: strictly after the read (a run due at this instant is under way).
  const scheduleLeft = f.scheduled ? countFrom(plan, now + 1) : 0;
  const remaining = f.credit_budget === null ? Infinity : f.credit_budget - f.credits_used;
  // The run that spends the last of the budget is the last: the schedule stops there.
  const affordable = f.avg_credits_per_run > 0 ? Math.max(0, Math.ceil(remaining / f.avg_credits_per_run)) : Infinity;
  const left = Math.min(scheduleLeft, affordable);
  let exhaustedAt: number | null = null;
  if (remaining <= 0) exhaustedAt = now;
  else if (affordable <= scheduleLeft) exhaustedAt = nthFrom(plan, now + 1, affordable);
  return {
    period_start: f.period.start.toISOString(),
    period_end: f.period.end.toISOString(),
    runs_per_period: plan.total,
    runs_left_this_period: left,
    avg_credits_per_run: Math.round(f.avg_credits_per_run * 100) / 100,
    credits_expected_this_period: f.credits_used + Math.round(left * f.avg_credits_per_run),
    budget_exhausted_at: exhaustedAt === null ? null : new Date(exhaustedAt).toISOString(),
  };
}
