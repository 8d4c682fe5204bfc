/**
 * Credits and billing periods. Billing periods are calendar months counted from the project's
 * billing anchor, in UTC (an anchor on the 31st gives periods ending on the last day of shorter
 * months); `credits_used` always means the credits charged in the current period.
 */

/**
 * The anchor moved by `months` calendar months in UTC, its day clamped to the target month's last
 * day. Plain `Date` arithmetic: every read and every run asks for the period, and a calendar
 * library's objects cost ten times as much here.
 */
function plusMonths(anchor: Date, months: number): Date {
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const at = new Date(anchor);
  at.setUTCFullYear(year, month, Math.min(anchor.getUTCDate(), lastDay));
  return at;
}

export function billingPeriod(anchor: Date, at: Date): { start: Date; end: Date } {
  let months = (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  while (plusMonths(anchor, months) > at) months--;
  while (plusMonths(anchor, months + 1) <= at) months++;
  return { start: plusMonths(anchor, months), end: plusMonths(anchor, months + 1) };
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
