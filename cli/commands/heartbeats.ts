/** `heartbeats` (alias `hb`): list, read, create, change, enable, disable, run and delete heartbeats. */
import type { Command } from 'commander';
import { unwrap, type Heartbeat } from '../../client/index.js';
import { cell, fields, table } from '../format.js';
import { print, session } from '../session.js';
import { agentBody, agentOptions, type AgentFlags } from './agent-options.js';
import { scheduleBody, scheduleOptions, type ScheduleFlags } from './schedule-options.js';

const heartbeatRow = (h: Heartbeat) => ({
  id: h.uuid,
  bot: h.bot_id.slice(0, 8),
  state: h.state,
  schedule: h.schedule_description,
  next_run: h.next_run_at,
  last: h.last_status,
  errors: h.consecutive_errors,
  credits: h.credit_budget === null ? h.credits_used : `${h.credits_used}/${h.credit_budget}`,
  expected: h.forecast.credits_expected_this_period,
  // Where the last change came from (api, mcp, dashboard): a change an assistant made stands out.
  updated_via: h.updated_via,
});

/** Every heartbeat of the project (one bot's, one member's), page after page. */
async function listAll(program: Command, q: { bot?: string; member?: string }): Promise<Heartbeat[]> {
  const { api, projectId } = await session(program);
  const all: Heartbeat[] = [];
  for (let page = 1; ; page++) {
    const answer = await unwrap(
      api.GET('/v1/bot/heartbeat/readall', {
        params: { query: { project_id: projectId, bot_id: q.bot, member_id: q.member, page, per_page: 100 } },
      }),
    );
    all.push(...answer.heartbeats);
    if (page >= answer.pagination.total_pages) return all;
  }
}

/** One heartbeat, by id. */
async function readOne(program: Command, id: string): Promise<Heartbeat> {
  const { api, projectId } = await session(program);
  const query = { project_id: projectId, heartbeat_id: id };
  return (await unwrap(api.GET('/v1/bot/heartbeat/read', { params: { query } }))).heartbeat;
}

export function registerHeartbeats(program: Command) {
  const heartbeats = program
    .command('heartbeats')
    .alias('hb')
    .description('heartbeats: list, read, create, change, run');

  heartbeats
    .command('list')
    .description("the project's heartbeats, or one bot's")
    .option('--bot <bot_id>', "only this bot's")
    .option('--member <member_id>', "only this member's")
    .action(async (o: { bot?: string; member?: string }) => {
      const list = await listAll(program, o);
      const columns = [
        'id',
        ...(o.bot ? [] : ['bot']),
        'state',
        'schedule',
        'next_run',
        'last',
        'errors',
        'credits',
        'expected',
        'updated_via',
      ];
      print(program, list, (paint) => table(list.map(heartbeatRow), columns, paint));
    });

  heartbeats
    .command('get')
    .description('one heartbeat, and its next runs')
    .argument('<heartbeat_id>')
    .action(async (id: string) => {
      const heartbeat = await readOne(program, id);
      print(program, heartbeat, (paint) => fields(heartbeat as unknown as Record<string, unknown>, paint));
    });

  heartbeats
    .command('versions')
    .description('the configurations it has had, newest first: what changed, when, by which key, through what')
    .argument('<heartbeat_id>')
    .action(async (id: string) => {
      const { api, projectId } = await session(program);
      const { bot_id } = await readOne(program, id);
      const query = { project_id: projectId, bot_id, heartbeat_id: id, per_page: 100 };
      const answer = await unwrap(api.GET('/v1/bot/heartbeat/versions', { params: { query } }));
      const rows = answer.versions.map((v) => ({
        version: v.version,
        change: v.change,
        when: v.created_at,
        by: v.changed_by ? (v.changed_by.key_name ?? v.changed_by.key_prefix) : null,
        via: v.via,
        schedule: v.configuration.schedule_description ?? null,
        prompt: v.configuration.prompt?.slice(0, 40) ?? null,
      }));
      print(program, answer, (paint) =>
        table(rows, ['version', 'change', 'when', 'by', 'via', 'schedule', 'prompt'], paint),
      );
    });

  agentOptions(
    scheduleOptions(
      heartbeats
        .command('create')
        .description('a new heartbeat (disabled unless --enabled)')
        .requiredOption('--bot <bot_id>', 'the bot that runs it')
        .requiredOption('--prompt <text>', 'what the agent is asked each run')
        .option('--member <member_id>', 'a member it is for')
        .option('--enabled', 'start running at once'),
    ),
  ).action(
    async (o: ScheduleFlags & AgentFlags & { bot: string; prompt: string; member?: string; enabled?: boolean }) => {
      const given = { prompt: o.prompt, ...(o.member && { member_id: o.member }), enabled: o.enabled ?? false };
      const heartbeat = await configure(program, o.bot, undefined, { ...given, ...scheduleBody(o), ...agentBody(o) });
      print(
        program,
        heartbeat,
        () => `created ${heartbeat.uuid}: ${heartbeat.schedule_description} (${heartbeat.state})`,
      );
    },
  );

  agentOptions(
    scheduleOptions(
      heartbeats
        .command('update')
        .description('change the fields given, and only those')
        .argument('<heartbeat_id>')
        .requiredOption('--bot <bot_id>', 'its bot')
        .option('--prompt <text>', 'a new prompt'),
    ),
  ).action(async (id: string, o: ScheduleFlags & AgentFlags & { bot: string; prompt?: string }) => {
    const heartbeat = await configure(program, o.bot, id, {
      ...(o.prompt && { prompt: o.prompt }),
      ...scheduleBody(o),
      ...agentBody(o),
    });
    print(
      program,
      heartbeat,
      () => `updated ${heartbeat.uuid}: ${heartbeat.schedule_description} (version ${heartbeat.version})`,
    );
  });

  registerActions(program, heartbeats);
}

/** Creates (no id) or changes a heartbeat with the fields given. */
async function configure(program: Command, botId: string, id: string | undefined, body: Record<string, unknown>) {
  const { api, projectId } = await session(program);
  const sent = { project_id: projectId, bot_id: botId, ...(id && { heartbeat_id: id }), ...body };
  return (await unwrap(api.POST('/v1/bot/heartbeat/configure', { body: sent }))).heartbeat;
}

/** What one does to a heartbeat: enable, disable, run now, delete. */
function registerActions(program: Command, heartbeats: Command) {
  for (const [name, path, words] of [
    ['enable', '/v1/bot/heartbeat/enable', 'enabled'],
    ['disable', '/v1/bot/heartbeat/disable', 'disabled'],
  ] as const) {
    heartbeats
      .command(name)
      .description(`${name} a heartbeat`)
      .argument('<heartbeat_id>')
      .action(async (id: string) => {
        const { api, projectId } = await session(program);
        const { heartbeat } = await unwrap(api.POST(path, { body: { project_id: projectId, heartbeat_id: id } }));
        print(
          program,
          heartbeat,
          (paint) =>
            `${words} ${heartbeat.uuid}: ${paint(heartbeat.enabled ? 'green' : 'yellow', heartbeat.state)}, next run ${cell(heartbeat.next_run_at)}`,
        );
      });
  }

  heartbeats
    .command('trigger')
    .description('run it now and wait for the result')
    .argument('<heartbeat_id>')
    .option('--idempotency-key <key>', 'the same key never runs twice')
    .action(async (id: string, o: { idempotencyKey?: string }) => {
      const { api, projectId } = await session(program);
      const answer = await unwrap(
        api.POST('/v1/bot/heartbeat/trigger', {
          body: { project_id: projectId, heartbeat_id: id },
          params: { header: { 'idempotency-key': o.idempotencyKey } },
        }),
      );
      print(program, answer, (paint) =>
        'result' in answer
          ? fields(answer.result as Record<string, unknown>, paint)
          : `still running: find it with \`heartbeat logs --run-key ${answer.run_key}\``,
      );
    });

  heartbeats
    .command('delete')
    .description('delete a heartbeat (its logs stay)')
    .argument('<heartbeat_id>')
    .action(async (id: string) => {
      const { api, projectId } = await session(program);
      const query = { project_id: projectId, heartbeat_id: id };
      const answer = await unwrap(api.DELETE('/v1/bot/heartbeat/delete', { params: { query } }));
      print(program, answer, () => `deleted ${answer.heartbeat.uuid}`);
    });
}
