/** The schedule options `hb create`, `hb update` and `preview` share, and their configure body. */
import { Option, type Command } from 'commander';
import { MISSED_RUNS_POLICIES, type MissedRunsPolicy } from '../../domain/catch-up.js';
import {
  REPEATED_HOUR_POLICIES,
  SKIPPED_HOUR_POLICIES,
  type RepeatedHourPolicy,
  type SkippedHourPolicy,
} from '../../domain/dst.js';
import { OVERLAP_POLICIES, type OverlapPolicy } from '../../domain/heartbeat.js';
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
    .option('--jitter <seconds>', 'spread each run up to this many seconds', integer)
    .addOption(
      new Option(
        '--missed-runs <policy>',
        'runs missed while it could not run: run_once (the latest, default), skip (none), run_all (each, oldest first)',
      ).choices(MISSED_RUNS_POLICIES),
    )
    .option(
      '--catch-up-window <minutes>',
      'with run_all: how old a missed run may be and still run (default 60)',
      integer,
    )
    .addOption(
      new Option(
        '--skipped-hour <policy>',
        'a time the clocks skip: shift (run after the gap, default) or skip',
      ).choices(SKIPPED_HOUR_POLICIES),
    )
    .addOption(
      new Option('--repeated-hour <policy>', 'a time the clocks repeat: first (default) or both').choices(
        REPEATED_HOUR_POLICIES,
      ),
    )
    .addOption(
      new Option(
        '--overlap <policy>',
        'a trigger while a run is in flight: queue (wait, default) or skip (refuse)',
      ).choices(OVERLAP_POLICIES),
    );

export type ScheduleFlags = {
  every?: number;
  cron?: string;
  window?: string;
  days?: string;
  tz?: string;
  budget?: number;
  maxErrors?: number;
  jitter?: number;
  missedRuns?: MissedRunsPolicy;
  catchUpWindow?: number;
  skippedHour?: SkippedHourPolicy;
  repeatedHour?: RepeatedHourPolicy;
  overlap?: OverlapPolicy;
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
    ...(o.missedRuns !== undefined && { missed_runs: o.missedRuns }),
    ...(o.catchUpWindow !== undefined && { catch_up_window_minutes: o.catchUpWindow }),
    ...((o.skippedHour ?? o.repeatedHour) !== undefined && {
      dst_policy: {
        ...(o.skippedHour !== undefined && { skipped_hour: o.skippedHour }),
        ...(o.repeatedHour !== undefined && { repeated_hour: o.repeatedHour }),
      },
    }),
    ...(o.overlap !== undefined && { overlap: o.overlap }),
  };
}
