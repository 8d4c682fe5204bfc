/** `preview`: a schedule's next runs in UTC and local time, without saving anything. */
import type { Command } from 'commander';
import { unwrap } from '../../client/index.js';
import { table } from '../format.js';
import { integer, print, session } from '../session.js';
import { scheduleBody, scheduleOptions, type ScheduleFlags } from './schedule-options.js';

export function registerPreview(program: Command) {
  scheduleOptions(
    program
      .command('preview')
      .description('what a schedule would do, without saving it: its next runs, in UTC and local time')
      .requiredOption('--bot <bot_id>', 'the bot that would run it')
      .option('--heartbeat <heartbeat_id>', 'preview changes to this heartbeat')
      .option('--count <n>', 'how many runs (at most 100)', integer, 10)
      .option('--from <instant>', 'the runs after this ISO instant (default now), e.g. 2027-03-01T00:00:00Z'),
  ).action(async (o: ScheduleFlags & { bot: string; heartbeat?: string; count: number; from?: string }) => {
    const { api, projectId } = await session(program);
    const { preview } = await unwrap(
      api.POST('/v1/bot/heartbeat/preview', {
        body: {
          project_id: projectId,
          bot_id: o.bot,
          ...(o.heartbeat && { heartbeat_id: o.heartbeat }),
          count: o.count,
          ...(o.from && { from: o.from }),
          ...scheduleBody(o),
        },
      }),
    );
    print(
      program,
      preview,
      (paint) =>
        `${paint('bold', preview.schedule_description)}\n${preview.runs_per_period} runs this billing period\n\n${table(
          preview.runs.map((r) => ({
            utc: r.at,
            local: r.local,
            note: [r.clock_change, r.dst_note].filter(Boolean).join('; ') || null,
          })),
          ['utc', 'local', 'note'],
          paint,
        )}${
          preview.clock_changes.length === 0
            ? ''
            : `\n\n${paint('bold', 'Clock changes')}\n${table(
                preview.clock_changes.map((c) => ({ day: c.date, change: c.clock_change, this_schedule: c.effect })),
                ['day', 'change', 'this_schedule'],
                paint,
              )}`
        }`,
    );
  });
}
