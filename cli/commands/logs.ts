/** `logs`: runs, newest first, or as they come with --follow. */
import { Option, type Command } from 'commander';
import { unwrap, type LogEntry } from '../../client/index.js';
import { RUN_STATUSES, RUN_TYPE_MEANINGS, RUN_TYPES, type RunStatus, type RunType } from '../../domain/heartbeat.js';
import { OUTCOME_FILTERS, type OutcomeFilter } from '../../domain/outcome.js';
import { utcText } from '../../domain/when.js';
import { styleOf, table, type Paint } from '../format.js';
import { integer, isJson, print, session, stdoutPaint } from '../session.js';

const logRow = (l: LogEntry) => ({
  time: l.created_at,
  heartbeat: l.heartbeat_id.slice(0, 8),
  version: l.config_version,
  type: l.type,
  status: l.reason ? `${l.status} (${l.reason})` : l.status,
  outcome: l.outcome,
  tokens: l.tokens_used,
  credits: l.credits_charged,
  ms: l.duration_ms,
  error: l.error_message?.slice(0, 60) ?? null,
  summary: l.summary?.slice(0, 60) ?? null,
});
const COLUMNS = [
  'time',
  'heartbeat',
  'version',
  'type',
  'status',
  'outcome',
  'tokens',
  'credits',
  'ms',
  'error',
  'summary',
];
/** --follow prints rows as they come: each column as wide as its header or its usual values. */
const FOLLOW_WIDTHS = [23, 9, 7, 9, 24, 17, 6, 7, 6, 40, 0];

interface LogsOptions {
  heartbeat?: string;
  status?: RunStatus;
  type?: RunType;
  outcome?: OutcomeFilter;
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
    .addOption(
      new Option('--outcome <outcome>', 'only runs that reported this (unreported: ran and reported nothing)').choices(
        OUTCOME_FILTERS,
      ),
    )
    .option('--run-key <key>', 'the run with this key')
    .option('--limit <n>', 'how many (at most 100)', integer, 20)
    .option('--follow', 'keep printing new runs until Ctrl-C')
    .action(async (o: LogsOptions) => {
      const { api, projectId } = await session(program);
      const query = {
        project_id: projectId,
        heartbeat_id: o.heartbeat,
        status: o.status,
        type: o.type,
        outcome: o.outcome,
        run_key: o.runKey,
        per_page: o.limit,
      };
      const fetchPage = () => unwrap(api.GET('/v1/bot/heartbeat/logs', { params: { query } }));
      const first = await fetchPage();
      if (!o.follow) {
        print(program, first, (paint) => `${table(first.logs.map(logRow), COLUMNS, paint)}\n(${first.total} in all)`);
        return;
      }
      const show = follower(isJson(program), stdoutPaint());
      show(first.logs);
      for (;;) {
        await new Promise((r) => setTimeout(r, 2_000));
        show((await fetchPage()).logs);
      }
    });
}

/** Prints each run once, oldest first: a JSON line each, or rows under one header line. */
function follower(json: boolean, paint: Paint) {
  const seen = new Set<string>();
  let headed = false;
  const line = (cells: string[], style: (c: string) => ReturnType<typeof styleOf> | 'bold') =>
    cells
      .map((c, i) => paint(style(c) ?? undefined, c.padEnd(FOLLOW_WIDTHS[i]!)))
      .join(' ')
      .trimEnd();
  return (logs: LogEntry[]) => {
    if (!json && !headed) {
      console.log(
        line(
          COLUMNS.map((c) => c.toUpperCase()),
          () => 'bold',
        ),
      );
      headed = true;
    }
    for (const l of [...logs].reverse()) {
      if (seen.has(l.uuid)) continue;
      seen.add(l.uuid);
      if (json) {
        console.log(JSON.stringify(l));
        continue;
      }
      // Absolute times only: "3 s ago" would be wrong a minute later, and the rows stay on screen.
      const row = { ...logRow(l), time: utcText(new Date(l.created_at)) };
      console.log(
        line(
          COLUMNS.map((c) => String((row as Record<string, unknown>)[c] ?? '–')),
          styleOf,
        ),
      );
    }
  };
}
