import { DateTime } from 'luxon';

/**
 * Billing periods are calendar months counted from the project's billing anchor, in UTC
 * (an anchor on the 31st gives periods ending on the last day of shorter months).
 */
export function billingPeriod(anchor: Date, at: Date): { start: Date; end: Date } {
  const a = DateTime.fromJSDate(anchor, { zone: 'utc' });
  const t = DateTime.fromJSDate(at, { zone: 'utc' });
  let months = (t.year - a.year) * 12 + (t.month - a.month);
  const startOf = (n: number) => a.plus({ months: n });
  while (startOf(months) > t) months--;
  while (startOf(months + 1) <= t) months++;
  return { start: startOf(months).toJSDate(), end: startOf(months + 1).toJSDate() };
}
