/**
 * `heartbeat` (or `npm run cli -- …`): the Heartbeat API from a terminal, on the typed client.
 * Tables for people, `--json` for scripts. Exit codes: 0 done, 1 the API refused (4xx),
 * 2 wrong usage, 3 the service is unreachable or failing (5xx, no answer), 4 not signed in.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createHeartbeatClient, HeartbeatApiError, unwrap, type HeartbeatClient } from '../client/index.js';
import { readCredentials, removeCredentials, writeCredentials, type Credentials } from './credentials.js';
import { fields, table } from './format.js';

const EXIT = { refused: 1, usage: 2, unavailable: 3, signedOut: 4 } as const;

class SignedOut extends Error {}

const integer = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('a whole number');
  return n;
};

const program = new Command('heartbeat')
  .description('Configure, run and watch heartbeats: autonomous agent schedules.')
  .option('--json', 'print JSON, for scripts')
  .option('--url <url>', 'the API (default: the one you signed in to)')
  .option('--key <key>', 'an API key (default: the one you signed in with)')
  .option('--project <project_id>', "the key's project (default: the one you signed in to)")
  .showHelpAfterError()
  .exitOverride();

const json = () => Boolean(program.opts().json);
const print = (value: unknown, text: () => string) => console.log(json() ? JSON.stringify(value, null, 2) : text());

async function session(): Promise<{ api: HeartbeatClient; projectId: string; url: string }> {
  const saved = await readCredentials();
  const o = program.opts<{ url?: string; key?: string; project?: string }>();
  const url = o.url ?? saved?.url;
  const key = o.key ?? saved?.key;
  const projectId = o.project ?? saved?.project_id;
  if (!url || !key || !projectId)
    throw new SignedOut('not signed in: run `heartbeat login --url … --key … --project …`');
  return { api: createHeartbeatClient({ baseUrl: url, apiKey: key }), projectId, url };
}

const heartbeatRow = (h: {
  uuid: string;
  state: string;
  schedule_description: string;
  next_run_at: string | null;
  last_status: string | null;
  consecutive_errors: number;
  credits_used: number;
  credit_budget: number | null;
}) => ({
  id: h.uuid,
  state: h.state,
  schedule: h.schedule_description,
  next_run: h.next_run_at,
  last: h.last_status,
  errors: h.consecutive_errors,
  credits: h.credit_budget === null ? h.credits_used : `${h.credits_used}/${h.credit_budget}`,
});

program
  .command('login')
  .description('keep a base URL, API key and project for the next commands (in ~/.config/heartbeat)')
  .option('--dev [file]', "use `npm start`'s development credentials (.data/dev-credentials.json)")
  .action(async (o: { dev?: string | boolean }) => {
    const g = program.opts<{ url?: string; key?: string; project?: string }>();
    let creds: Credentials;
    if (o.dev) {
      const file = typeof o.dev === 'string' ? o.dev : join('.data', 'dev-credentials.json');
      const dev = JSON.parse(await readFile(file, 'utf8')) as { api_key: string; project_id: string };
      creds = { url: g.url ?? 'http://127.0.0.1:3000', key: dev.api_key, project_id: dev.project_id };
    } else {
      if (!g.url || !g.key || !g.project) throw new InvalidArgumentError('give --url, --key and --project (or --dev)');
      creds = { url: g.url, key: g.key, project_id: g.project };
    }
    // Check the key before keeping it.
    const api = createHeartbeatClient({ baseUrl: creds.url, apiKey: creds.key });
    await unwrap(api.GET('/v1/bot/readall', { params: { query: { project_id: creds.project_id, per_page: 1 } } }));
    const file = await writeCredentials(creds);
    print(
      { signed_in: true, url: creds.url, project_id: creds.project_id },
      () => `signed in to ${creds.url} (kept in ${file})`,
    );
  });

program
  .command('logout')
  .description('forget the kept credentials')
  .action(async () => {
    await removeCredentials();
    print({ signed_in: false }, () => 'signed out');
  });

const heartbeats = program.command('heartbeats').alias('hb').description('heartbeats: list, read, create, change, run');

heartbeats
  .command('list')
  .description("a bot's heartbeats")
  .requiredOption('--bot <bot_id>', 'the bot')
  .option('--member <member_id>', "only this member's")
  .action(async (o: { bot: string; member?: string }) => {
    const { api, projectId } = await session();
    const { heartbeats: list } = await unwrap(
      api.GET('/v1/bot/heartbeat/readall', {
        params: { query: { project_id: projectId, bot_id: o.bot, member_id: o.member } },
      }),
    );
    print(list, () =>
      table(list.map(heartbeatRow), ['id', 'state', 'schedule', 'next_run', 'last', 'errors', 'credits']),
    );
  });

heartbeats
  .command('get')
  .description('one heartbeat, and its next runs')
  .argument('<heartbeat_id>')
  .action(async (id: string) => {
    const { api, projectId } = await session();
    const { heartbeat } = await unwrap(
      api.GET('/v1/bot/heartbeat/read', { params: { query: { project_id: projectId, heartbeat_id: id } } }),
    );
    print(heartbeat, () => fields(heartbeat as unknown as Record<string, unknown>));
  });

/** The schedule options `create`, `update` and `preview` share, to a configure body. */
const scheduleOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--every <minutes>', 'run every N minutes').argParser(integer).conflicts('cron'))
    .option('--cron <pattern>', 'or on a 5-field cron pattern')
    .option('--window <HH:MM-HH:MM>', 'only inside these hours (local time)')
    .option('--days <1,2,3,4,5>', 'only on these weekdays (1 = Monday)')
    .option('--tz <zone>', 'IANA time zone of the window and cron pattern')
    .option('--budget <credits>', 'credits per billing period', integer)
    .option('--max-errors <n>', 'pause after this many errors in a row', integer)
    .option('--jitter <seconds>', 'spread each run up to this many seconds', integer);

type ScheduleFlags = {
  every?: number;
  cron?: string;
  window?: string;
  days?: string;
  tz?: string;
  budget?: number;
  maxErrors?: number;
  jitter?: number;
};

function scheduleBody(o: ScheduleFlags) {
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

scheduleOptions(
  heartbeats
    .command('create')
    .description('a new heartbeat (disabled unless --enabled)')
    .requiredOption('--bot <bot_id>', 'the bot that runs it')
    .requiredOption('--prompt <text>', 'what the agent is asked each run')
    .option('--member <member_id>', 'a member it is for')
    .option('--enabled', 'start running at once'),
).action(async (o: ScheduleFlags & { bot: string; prompt: string; member?: string; enabled?: boolean }) => {
  const { api, projectId } = await session();
  const { heartbeat } = await unwrap(
    api.POST('/v1/bot/heartbeat/configure', {
      body: {
        project_id: projectId,
        bot_id: o.bot,
        prompt: o.prompt,
        ...(o.member && { member_id: o.member }),
        enabled: o.enabled ?? false,
        ...scheduleBody(o),
      },
    }),
  );
  print(heartbeat, () => `created ${heartbeat.uuid}: ${heartbeat.schedule_description} (${heartbeat.state})`);
});

scheduleOptions(
  heartbeats
    .command('update')
    .description('change the fields given, and only those')
    .argument('<heartbeat_id>')
    .requiredOption('--bot <bot_id>', 'its bot')
    .option('--prompt <text>', 'a new prompt'),
).action(async (id: string, o: ScheduleFlags & { bot: string; prompt?: string }) => {
  const { api, projectId } = await session();
  const { heartbeat } = await unwrap(
    api.POST('/v1/bot/heartbeat/configure', {
      body: {
        project_id: projectId,
        bot_id: o.bot,
        heartbeat_id: id,
        ...(o.prompt && { prompt: o.prompt }),
        ...scheduleBody(o),
      },
    }),
  );
  print(heartbeat, () => `updated ${heartbeat.uuid}: ${heartbeat.schedule_description} (version ${heartbeat.version})`);
});

for (const [name, path, words] of [
  ['enable', '/v1/bot/heartbeat/enable', 'enabled'],
  ['disable', '/v1/bot/heartbeat/disable', 'disabled'],
] as const) {
  heartbeats
    .command(name)
    .description(`${name} a heartbeat`)
    .argument('<heartbeat_id>')
    .action(async (id: string) => {
      const { api, projectId } = await session();
      const { heartbeat } = await unwrap(api.POST(path, { body: { project_id: projectId, heartbeat_id: id } }));
      print(
        heartbeat,
        () => `${words} ${heartbeat.uuid}: ${heartbeat.state}, next run ${heartbeat.next_run_at ?? '–'}`,
      );
    });
}

heartbeats
  .command('trigger')
  .description('run it now and wait for the result')
  .argument('<heartbeat_id>')
  .option('--idempotency-key <key>', 'the same key never runs twice')
  .action(async (id: string, o: { idempotencyKey?: string }) => {
    const { api, projectId } = await session();
    const answer = await unwrap(
      api.POST('/v1/bot/heartbeat/trigger', {
        body: { project_id: projectId, heartbeat_id: id },
        params: { header: { 'idempotency-key': o.idempotencyKey } },
      }),
    );
    print(answer, () =>
      'result' in answer
        ? fields(answer.result as Record<string, unknown>)
        : `still running: find it with \`heartbeat logs --run-key ${answer.run_key}\``,
    );
  });

heartbeats
  .command('delete')
  .description('delete a heartbeat (its logs stay)')
  .argument('<heartbeat_id>')
  .action(async (id: string) => {
    const { api, projectId } = await session();
    const answer = await unwrap(
      api.DELETE('/v1/bot/heartbeat/delete', { params: { query: { project_id: projectId, heartbeat_id: id } } }),
    );
    print(answer, () => `deleted ${answer.heartbeat.uuid}`);
  });

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

program
  .command('logs')
  .description('runs, newest first (or as they come, with --follow)')
  .option('--heartbeat <heartbeat_id>', "one heartbeat's")
  .addOption(new Option('--status <status>', 'only these').choices(['success', 'error', 'skipped']))
  .option('--run-key <key>', 'the run with this key')
  .option('--limit <n>', 'how many (at most 100)', integer, 20)
  .option('--follow', 'keep printing new runs until Ctrl-C')
  .action(
    async (o: {
      heartbeat?: string;
      status?: 'success' | 'error' | 'skipped';
      runKey?: string;
      limit: number;
      follow?: boolean;
    }) => {
      const { api, projectId } = await session();
      const fetchPage = () =>
        unwrap(
          api.GET('/v1/bot/heartbeat/logs', {
            params: {
              query: {
                project_id: projectId,
                heartbeat_id: o.heartbeat,
                status: o.status,
                run_key: o.runKey,
                per_page: o.limit,
              },
            },
          }),
        );
      const first = await fetchPage();
      if (!o.follow) {
        print(first, () => `${table(first.logs.map(logRow), LOG_COLUMNS)}\n(${first.total} in all)`);
        return;
      }
      const seen = new Set<string>();
      const show = (logs: typeof first.logs) => {
        for (const l of [...logs].reverse()) {
          if (seen.has(l.uuid)) continue;
          seen.add(l.uuid);
          console.log(
            json()
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
    },
  );

program
  .command('stats')
  .description('counts, tokens and credits over the last days')
  .option('--heartbeat <heartbeat_id>', "one heartbeat's")
  .option('--days <n>', 'how many UTC days, today included', integer, 30)
  .action(async (o: { heartbeat?: string; days: number }) => {
    const { api, projectId } = await session();
    const { stats } = await unwrap(
      api.GET('/v1/bot/heartbeat/stats', {
        params: { query: { project_id: projectId, heartbeat_id: o.heartbeat, days: o.days } },
      }),
    );
    const { time_series, ...totals } = stats;
    print(
      stats,
      () =>
        `${fields(totals as Record<string, unknown>)}\n\n${table(
          time_series.filter((d) => d.total > 0),
          ['date', 'total', 'success', 'error', 'skipped'],
        )}`,
    );
  });

scheduleOptions(
  program
    .command('preview')
    .description('what a schedule would do, without saving it: its next runs, in UTC and local time')
    .requiredOption('--bot <bot_id>', 'the bot that would run it')
    .option('--heartbeat <heartbeat_id>', 'preview changes to this heartbeat')
    .option('--count <n>', 'how many runs (at most 100)', integer, 10),
).action(async (o: ScheduleFlags & { bot: string; heartbeat?: string; count: number }) => {
  const { api, projectId } = await session();
  const { preview } = await unwrap(
    api.POST('/v1/bot/heartbeat/preview', {
      body: {
        project_id: projectId,
        bot_id: o.bot,
        ...(o.heartbeat && { heartbeat_id: o.heartbeat }),
        count: o.count,
        ...scheduleBody(o),
      },
    }),
  );
  print(
    preview,
    () =>
      `${preview.schedule_description}\n\n${table(
        preview.runs.map((r) => ({ utc: r.at, local: r.local, note: r.clock_change })),
        ['utc', 'local', 'note'],
      )}`,
  );
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : EXIT.usage;
  } else if (err instanceof InvalidArgumentError) {
    console.error(`heartbeat: ${err.message}`);
    process.exitCode = EXIT.usage;
  } else if (err instanceof SignedOut) {
    console.error(`heartbeat: ${err.message}`);
    process.exitCode = EXIT.signedOut;
  } else if (err instanceof HeartbeatApiError) {
    const detail = err.details.map((d) => `\n  ${d.field}: ${d.message} (${d.code})`).join('');
    console.error(`heartbeat: ${err.message} [${err.code}]${detail}`);
    process.exitCode = err.status >= 400 && err.status < 500 ? EXIT.refused : EXIT.unavailable;
  } else {
    console.error(`heartbeat: ${(err as Error).message}`);
    process.exitCode = EXIT.unavailable;
  }
}
