/** The schedule options `hb create`, `hb update` and `preview` share, and their configure body. */
import { Option, type Command } from 'commander';
import { integer } from '../session.js';

/** "1-5" or "1-3,6" as the API's "1,2,3,4,5" / "1,2,3,6"; anything else is left for the API to judge. */
export function weekdays(value: string): string {
  if (!/^\d(-\d)?(,\d(-\d)?)*$/.test(value)) return value;
  return value
    .split(',')
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number) as [number, number?];
      return from <= to! ? Array.from({ length: to! - from + 1 }, (_, i) => from + i) : [from, to!];
    })
    .join(',');
}

export const scheduleOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--every <minutes>', 'run every N minutes').argParser(integer).conflicts('cron'))
    .option('--cron <pattern>', 'or on a 5-field cron pattern')
    .option('--window <HH:MM-HH:MM>', 'only inside these hours (local time)')
    .option('--days <1-5>', 'only on these weekdays, 1 = Monday: 1-5, 1,3,5 or 1-3,6', weekdays)
    .option('--tz <zone>', 'IANA time zone of the window and cron pattern')
    .option('--budget <credits>', 'credits per billing period', integer)
    .option('--max-errors <n>', 'pause after this many errors in a row', integer)
    .option('--jitter <seconds>', 'spread each run up to this many seconds', integer);

export type ScheduleFlags = {
  every?: number;
  cron?: string;
  window?: string;
  days?: string;
  tz?: string;
  budget?: number;
  maxErrors?: number;
  jitter?: number;
};

export function scheduleBody(o: ScheduleFlags) {
  const [start, end] = o.window ? o.window.split('-') : [];
  return {
    ...(o.every !== undefined && { interval_minutes: o.every }),
    ...(o.cron !== undefined && { cron_pattern: o.cron }),
    ...(o.window !== undefined && { active_hours_start: start ?? '', active_hours_end: end ?? '' }),
    ...(o.days !== undefined && { active_days: o.days }),
    ...(o.tz !== undefined && { timezone: o.tz }),
    ...(o.budget !== undefined && { credit_budget: o.budget }),
    ...(o.maxErrors !== undefined && { max_consecutive_errors: o.maxErrors }),
    ...(o.jitter !== undefined && { jitter_seconds: o.jitter }),
  };
}
