/** `stats`: run counts, tokens and credits over the last days, per UTC day; rates as percentages. */
import type { Command } from 'commander';
import { unwrap } from '../../client/index.js';
import { RUN_STATUSES } from '../../domain/heartbeat.js';
import { OUTCOME_FILTERS } from '../../domain/outcome.js';
import { fields, percent, table } from '../format.js';
import { integer, print, session } from '../session.js';

export function registerStats(program: Command) {
  program
    .command('stats')
    .description('counts, outcomes, tokens and credits over the last days')
    .option('--heartbeat <heartbeat_id>', "one heartbeat's")
    .option('--days <n>', 'how many UTC days, today included', integer, 30)
    .action(async (o: { heartbeat?: string; days: number }) => {
      const { api, projectId } = await session(program);
      const { stats } = await unwrap(
        api.GET('/v1/bot/heartbeat/stats', {
          params: { query: { project_id: projectId, heartbeat_id: o.heartbeat, days: o.days } },
        }),
      );
      const { time_series, ...totals } = stats;
      const shown = { ...totals, success_rate: percent(totals.success_rate), quiet_rate: percent(totals.quiet_rate) };
      print(
        program,
        stats,
        (paint) =>
          `${fields(shown, paint)}\n\n${table(
            time_series.filter((d) => d.total > 0).map((d) => ({ ...d, ...d.outcomes })),
            ['date', 'total', ...RUN_STATUSES, ...OUTCOME_FILTERS],
            paint,
          )}`,
      );
    });
}
