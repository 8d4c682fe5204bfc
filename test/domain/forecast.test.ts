/** The forecast: a billing period's due times and what they will cost. */
import { describe, expect, it } from 'vitest';
import { countFrom, duePlan, forecastOf, nthFrom } from '../../domain/forecast.js';
import { nextDueTime, type ScheduleSpec } from '../../domain/schedule.js';

const period = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') };
const spec = (over: Partial<ScheduleSpec>): ScheduleSpec => ({
  timezone: 'UTC',
  anchor: '2026-11-20T00:00:00Z',
  ...over,
});

/** Every due time in [from, to), the slow way: one nextDueTime after another. */
function stepped(s: ScheduleSpec, from: Date, to: Date): number[] {
  const times: number[] = [];
  for (let d = nextDueTime(s, new Date(from.getTime() - 1)); d && d < to; d = nextDueTime(s, d))
    times.push(d.getTime());
  return times;
}

const schedules: Array<[string, ScheduleSpec]> = [
  ['every 45 min', spec({ interval_minutes: 45 })],
  [
    'hourly 09:00–17:00 Mon–Fri, New York',
    spec({
      interval_minutes: 60,
      active_hours_start: '09:00',
      active_hours_end: '17:00',
      active_days: '1,2,3,4,5',
      timezone: 'America/New_York',
    }),
  ],
  [
    'every 30 min 22:00–06:00, wrapping midnight, Fri–Sun',
    spec({ interval_minutes: 30, active_hours_start: '22:00', active_hours_end: '06:00', active_days: '5,6,7' }),
  ],
  ['cron */20 9-17 Mon–Fri', spec({ cron_pattern: '*/20 9-17 * * 1-5' })],
  [
    'cron 15 8,12 on the 1st and 15th, 10:00–24:00',
    spec({ cron_pattern: '15 8,12 1,15 * *', active_hours_start: '10:00', active_hours_end: '24:00' }),
  ],
  [
    'cron hourly, Berlin, Mon–Sat windows wrapping midnight',
    spec({
      cron_pattern: '0 * * * *',
      timezone: 'Europe/Berlin',
      active_hours_start: '20:00',
      active_hours_end: '02:00',
      active_days: '1,2,3,4,5,6',
    }),
  ],
];

describe('the due times of a billing period', () => {
  it.each(schedules)('%s: counted, counted from an instant, and found, as stepping through them finds them', (_, s) => {
    const plan = duePlan(s, period.start, period.end);
    const all = stepped(s, period.start, period.end);
    expect(plan.total).toBe(all.length);
    const mid = Date.parse('2026-12-16T10:07:00Z');
    const after = all.filter((t) => t >= mid);
    expect(countFrom(plan, mid)).toBe(after.length);
    for (const n of [1, 2, 7, after.length].filter((n) => n >= 1 && n <= after.length))
      expect(nthFrom(plan, mid, n)).toBe(after[n - 1]);
    expect(nthFrom(plan, mid, after.length + 1)).toBeNull();
  });

  it('costs one block per window or day, however often it runs', () => {
    const plan = duePlan(spec({ interval_minutes: 1 }), period.start, period.end);
    expect(plan.total).toBe(31 * 1440);
    expect(plan.blocks).toHaveLength(1);
    expect(duePlan(spec({ cron_pattern: '* * * * *' }), period.start, period.end).blocks).toHaveLength(31);
  });
});

describe('the forecast', () => {
  const plan = duePlan(spec({ interval_minutes: 60 }), period.start, period.end);
  const base = {
    period,
    now: new Date('2026-12-31T12:00:00Z'),
    scheduled: true,
    credits_used: 700,
    avg_credits_per_run: 2,
  };

  it('runs left this period at the recent average: the credits expected, and when the budget runs out', () => {
    const f = forecastOf(plan, { ...base, credit_budget: 720 });
    expect(f).toEqual({
      period_start: '2026-12-01T00:00:00.000Z',
      period_end: '2027-01-01T00:00:00.000Z',
      runs_per_period: 744,
      // Eleven hourly runs are still to come in the period, but the budget pays for ten.
      runs_left_this_period: 10,
      avg_credits_per_run: 2,
      credits_expected_this_period: 720,
      // 20 credits left at 2 a run: the tenth run from now spends the last of them.
      budget_exhausted_at: '2026-12-31T22:00:00.000Z',
    });
  });

  it('no exhaustion within the period, no budget, or no spending: null; a spent budget: now', () => {
    expect(forecastOf(plan, { ...base, credit_budget: 800 })).toMatchObject({
      runs_left_this_period: 11,
      credits_expected_this_period: 722,
      budget_exhausted_at: null,
    });
    expect(forecastOf(plan, { ...base, credit_budget: null }).budget_exhausted_at).toBeNull();
    expect(forecastOf(plan, { ...base, credit_budget: 720, avg_credits_per_run: 0 }).budget_exhausted_at).toBeNull();
    expect(forecastOf(plan, { ...base, credit_budget: 700 })).toMatchObject({
      runs_left_this_period: 0,
      credits_expected_this_period: 700,
      budget_exhausted_at: '2026-12-31T12:00:00.000Z',
    });
  });

  it('a heartbeat that does not run on schedule spends nothing more', () => {
    const f = forecastOf(plan, { ...base, scheduled: false, credit_budget: 720 });
    expect(f).toMatchObject({ runs_per_period: 744, runs_left_this_period: 0, credits_expected_this_period: 700 });
    expect(f.budget_exhausted_at).toBeNull();
  });
});
