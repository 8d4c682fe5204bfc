/** `heartbeats` (alias `hb`): list, read, create, change, enable, disable, run and delete heartbeats. */
import type { Command } from 'commander';
import { unwrap } from '../../client/index.js';
import { fields, table } from '../format.js';
import { print, session } from '../session.js';
import { scheduleBody, scheduleOptions, type ScheduleFlags } from './schedule-options.js';

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

export function registerHeartbeats(program: Command) {
  const heartbeats = program
    .command('heartbeats')
    .alias('hb')
    .description('heartbeats: list, read, create, change, run');

  heartbeats
    .command('list')
    .description("a bot's heartbeats")
    .requiredOption('--bot <bot_id>', 'the bot')
    .option('--member <member_id>', "only this member's")
    .action(async (o: { bot: string; member?: string }) => {
      const { api, projectId } = await session(program);
      const { heartbeats: list } = await unwrap(
        api.GET('/v1/bot/heartbeat/readall', {
          params: { query: { project_id: projectId, bot_id: o.bot, member_id: o.member } },
        }),
      );
      print(program, list, () =>
        table(list.map(heartbeatRow), ['id', 'state', 'schedule', 'next_run', 'last', 'errors', 'credits']),
      );
    });

  heartbeats
    .command('get')
    .description('one heartbeat, and its next runs')
    .argument('<heartbeat_id>')
    .action(async (id: string) => {
      const { api, projectId } = await session(program);
      const { heartbeat } = await unwrap(
        api.GET('/v1/bot/heartbeat/read', { params: { query: { project_id: projectId, heartbeat_id: id } } }),
      );
      print(program, heartbeat, () => fields(heartbeat as unknown as Record<string, unknown>));
    });

  scheduleOptions(
    heartbeats
      .command('create')
      .description('a new heartbeat (disabled unless --enabled)')
      .requiredOption('--bot <bot_id>', 'the bot that runs it')
      .requiredOption('--prompt <text>', 'what the agent is asked each run')
      .option('--member <member_id>', 'a member it is for')
      .option('--enabled', 'start running at once'),
  ).action(async (o: ScheduleFlags & { bot: string; prompt: string; member?: string; enabled?: boolean }) => {
    const { api, projectId } = await session(program);
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
    print(
      program,
      heartbeat,
      () => `created ${heartbeat.uuid}: ${heartbeat.schedule_description} (${heartbeat.state})`,
    );
  });

  scheduleOptions(
    heartbeats
      .command('update')
      .description('change the fields given, and only those')
      .argument('<heartbeat_id>')
      .requiredOption('--bot <bot_id>', 'its bot')
      .option('--prompt <text>', 'a new prompt'),
  ).action(async (id: string, o: ScheduleFlags & { bot: string; prompt?: string }) => {
    const { api, projectId } = await session(program);
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
    print(
      program,
      heartbeat,
      () => `updated ${heartbeat.uuid}: ${heartbeat.schedule_description} (version ${heartbeat.version})`,
    );
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
        const { api, projectId } = await session(program);
        const { heartbeat } = await unwrap(api.POST(path, { body: { project_id: projectId, heartbeat_id: id } }));
        print(
          program,
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
      const { api, projectId } = await session(program);
      const answer = await unwrap(
        api.POST('/v1/bot/heartbeat/trigger', {
          body: { project_id: projectId, heartbeat_id: id },
          params: { header: { 'idempotency-key': o.idempotencyKey } },
        }),
      );
      print(program, answer, () =>
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
      const { api, projectId } = await session(program);
      const answer = await unwrap(
        api.DELETE('/v1/bot/heartbeat/delete', { params: { query: { project_id: projectId, heartbeat_id: id } } }),
      );
      print(program, answer, () => `deleted ${answer.heartbeat.uuid}`);
    });
}
