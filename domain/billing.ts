/**
 * Credits and billing periods. Billing periods are calendar months counted from the project's
 * billing anchor, in UTC (an anchor on the 31st gives periods ending on the last day of shorter
 * months); `credits_used` always means the credits charged in the current period.
 */
import { DateTime } from 'luxon';

export function billingPeriod(anchor: Date, at: Date): { start: Date; end: Date } {
  const a = DateTime.fromJSDate(anchor, { zone: 'utc' });
  const t = DateTime.fromJSDate(at, { zone: 'utc' });
  let months = (t.year - a.year) * 12 + (t.month - a.month);
  const startOf = (n: number) => a.plus({ months: n });
  while (startOf(months) > t) months--;
  while (startOf(months + 1) <= t) months++;
  return { start: startOf(months).toJSDate(), end: startOf(months + 1).toJSDate() };
}

/** A heartbeat's running total, as stored: credits charged since `credits_period_start`. */
export interface CreditCounter {
  credits_used: number;
  credits_period_start: Date | null;
}

/** The credits a counter holds for the billing period containing `at`: zero once the period has rolled over. */
export function creditsInPeriod(counter: CreditCounter, anchor: Date, at: Date): number {
  const period = billingPeriod(anchor, at).start;
  return counter.credits_period_start?.getTime() === period.getTime() ? counter.credits_used : 0;
}

/**
 * Credits charged for a run: `ceil(tokens / 1000 × the model's multiplier)`. A model not listed
 * costs the operator's `*` multiplier (so a tenant cannot pick an expensive model the operator did
 * not price and pay 1), or 1 when the operator set none.
 */
export function creditsFor(tokens: number, model: string, multipliers: Record<string, number>): number {
  return Math.ceil((tokens / 1000) * (multipliers[model] ?? multipliers['*'] ?? 1));
}
