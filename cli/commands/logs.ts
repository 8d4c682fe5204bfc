/** `logs`: runs, newest first, or as they come with --follow. */
import { Option, type Command } from 'commander';
import { RUN_STATUSES, RUN_TYPE_MEANINGS, RUN_TYPES, type RunStatus, type RunType } from '../../domain/heartbeat.js';
import { unwrap } from '../../client/index.js';
import { table } from '../format.js';
import { integer, isJson, print, session } from '../session.js';

const logRow = (l: {
  created_at: string;
  heartbeat_id: string;
  type: string;
  status: string;
  reason: string | null;
  tokens_used: number;
  credits_charged: number;
  duration_ms: number;
  error_message: string | null;
}) => ({
  time: l.created_at,
  heartbeat: l.heartbeat_id.slice(0, 8),
  type: l.type,
  status: l.reason ? `${l.status} (${l.reason})` : l.status,
  tokens: l.tokens_used,
  credits: l.credits_charged,
  ms: l.duration_ms,
  error: l.error_message?.slice(0, 60) ?? null,
});
const LOG_COLUMNS = ['time', 'heartbeat', 'type', 'status', 'tokens', 'credits', 'ms', 'error'];

interface LogsOptions {
  heartbeat?: string;
  status?: RunStatus;
  type?: RunType;
  runKey?: string;
  limit: number;
  follow?: boolean;
}

export function registerLogs(program: Command) {
  program
    .command('logs')
    .description('runs, newest first (or as they come, with --follow)')
    .option('--heartbeat <heartbeat_id>', "one heartbeat's")
    .addOption(new Option('--status <status>', 'only these').choices(RUN_STATUSES))
    .addOption(
      new Option(
        '--type <type>',
        `only these: ${RUN_TYPES.map((t) => `${t} (${RUN_TYPE_MEANINGS[t]})`).join(', ')}`,
      ).choices(RUN_TYPES),
    )
    .option('--run-key <key>', 'the run with this key')
    .option('--limit <n>', 'how many (at most 100)', integer, 20)
    .option('--follow', 'keep printing new runs until Ctrl-C')
    .action(async (o: LogsOptions) => {
      const { api, projectId } = await session(program);
      const fetchPage = () =>
        unwrap(
          api.GET('/v1/bot/heartbeat/logs', {
            params: {
              query: {
                project_id: projectId,
                heartbeat_id: o.heartbeat,
                status: o.status,
                type: o.type,
                run_key: o.runKey,
                per_page: o.limit,
              },
            },
          }),
        );
      const first = await fetchPage();
      if (!o.follow) {
        print(program, first, () => `${table(first.logs.map(logRow), LOG_COLUMNS)}\n(${first.total} in all)`);
        return;
      }
      const seen = new Set<string>();
      const show = (logs: typeof first.logs) => {
        for (const l of [...logs].reverse()) {
          if (seen.has(l.uuid)) continue;
          seen.add(l.uuid);
          console.log(
            isJson(program)
              ? JSON.stringify(l)
              : Object.values(logRow(l))
                  .map((v) => v ?? '–')
                  .join('  '),
          );
        }
      };
      show(first.logs);
      for (;;) {
        await new Promise((r) => setTimeout(r, 2_000));
        show((await fetchPage()).logs);
      }
    });
}
