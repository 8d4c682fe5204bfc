/** What the API refuses and how: authentication, isolation between projects, plans and flags, bad input. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { revokeApiKey, issueApiKey } from '../../db/queries/api-keys.js';
import { insertPlan } from '../../db/queries/plans.js';
import { changeProjectPlan } from '../../api/services/plans.js';
import {
  caller,
  createStack,
  seedProject,
  appDefaults,
  workflowState,
  type Seed,
  type Stack,
} from '../helpers/stack.js';

let stack: Stack;
let a: Seed;
let b: Seed;
let api: ReturnType<typeof caller>;
let heartbeatA: string;

beforeAll(async () => {
  stack = await createStack();
  a = await seedProject(stack.db, 'pro');
  b = await seedProject(stack.db, 'pro');
  api = caller(stack.app, a.key);
  const created = await api.post('/v1/bot/heartbeat/configure', {
    project_id: a.projectId,
    bot_id: a.botId,
    prompt: 'A',
  });
  heartbeatA = created.body.heartbeat.uuid;
});
afterAll(async () => {
  await stack?.close();
});

function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body.error).toMatchObject({ status, code });
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
}

const configure = (body: Record<string, unknown>) =>
  api.post('/v1/bot/heartbeat/configure', { project_id: a.projectId, bot_id: a.botId, prompt: 'p', ...body });

describe('authentication', () => {
  it('401 for a missing, unknown or revoked key', async () => {
    const noKey = await stack.app.request(`/v1/bot/readall?project_id=${a.projectId}`);
    expectError({ status: noKey.status, body: await noKey.json() }, 401, 'missing_api_key');
    expectError(
      await caller(stack.app, 'hb_not-a-key').get('/v1/bot/readall', { project_id: a.projectId }),
      401,
      'invalid_api_key',
    );
    const { key, id } = await issueApiKey(stack.db, a.projectId);
    expect((await caller(stack.app, key).get('/v1/bot/readall', { project_id: a.projectId })).status).toBe(200);
    await revokeApiKey(stack.db, id);
    expectError(
      await caller(stack.app, key).get('/v1/bot/readall', { project_id: a.projectId }),
      401,
      'revoked_api_key',
    );
  });

  it("403 when the key is used with another project's id", async () => {
    expectError(
      await api.get('/v1/bot/heartbeat/read', { project_id: b.projectId, heartbeat_id: heartbeatA }),
      403,
      'project_mismatch',
    );
    expectError(
      await api.post('/v1/bot/heartbeat/enable', { project_id: b.projectId, heartbeat_id: heartbeatA }),
      403,
      'project_mismatch',
    );
  });
});

describe('isolation between projects', () => {
  it("every endpoint treats another project's objects as absent (404), never revealing them", async () => {
    const other = caller(stack.app, b.key);
    const ref = { project_id: b.projectId, heartbeat_id: heartbeatA };
    expectError(await other.get('/v1/bot/heartbeat/read', ref), 404, 'heartbeat_not_found');
    expectError(await other.post('/v1/bot/heartbeat/enable', ref), 404, 'heartbeat_not_found');
    expectError(await other.post('/v1/bot/heartbeat/disable', ref), 404, 'heartbeat_not_found');
    expectError(await other.post('/v1/bot/heartbeat/trigger', ref), 404, 'heartbeat_not_found');
    expectError(await other.del('/v1/bot/heartbeat/delete', ref), 404, 'heartbeat_not_found');
    expectError(
      await other.post('/v1/bot/heartbeat/configure', { ...ref, bot_id: a.botId, prompt: 'x' }),
      404,
      'bot_not_found',
    );
    expectError(
      await other.post('/v1/bot/heartbeat/configure', { ...ref, bot_id: b.botId, prompt: 'x' }),
      404,
      'heartbeat_not_found',
    );
    expect(
      (await other.get('/v1/bot/heartbeat/readall', { project_id: b.projectId, bot_id: a.botId })).body.heartbeats,
    ).toEqual([]);
    expect(
      (await other.get('/v1/bot/heartbeat/logs', { project_id: b.projectId, heartbeat_id: heartbeatA })).body.total,
    ).toBe(0);
    expect(
      (await other.get('/v1/bot/heartbeat/stats', { project_id: b.projectId, heartbeat_id: heartbeatA })).body.stats
        .total_executions,
    ).toBe(0);
    expectError(await other.get('/v1/bot/read', { project_id: b.projectId, bot_id: a.botId }), 404, 'bot_not_found');
    expectError(
      await other.put('/v1/bot/update', { project_id: b.projectId, bot_id: a.botId, name: 'x' }),
      404,
      'bot_not_found',
    );
    expectError(await other.del('/v1/bot/delete', { project_id: b.projectId, bot_id: a.botId }), 404, 'bot_not_found');
    const bots = await other.get('/v1/bot/readall', { project_id: b.projectId });
    expect(bots.body.bots.map((x: { uuid: string }) => x.uuid)).toEqual([b.botId]);
    const member = await api.post('/v1/bot/subscriber/create', { project_id: a.projectId, name: 'Ann' });
    expectError(
      await other.del('/v1/bot/subscriber/delete', { project_id: b.projectId, member_id: member.body.member.uuid }),
      404,
      'member_not_found',
    );
    expect((await other.get('/v1/bot/subscriber/readall', { project_id: b.projectId })).body.members).toEqual([]);
    // The heartbeat is untouched by all of that.
    expect(
      (await api.get('/v1/bot/heartbeat/read', { project_id: a.projectId, heartbeat_id: heartbeatA })).body.heartbeat
        .version,
    ).toBe(1);
  });
});

describe('plans and flags', () => {
  it('403 when the plan has no heartbeat', async () => {
    const free = await seedProject(stack.db, 'free');
    const res = await caller(stack.app, free.key).post('/v1/bot/heartbeat/configure', {
      project_id: free.projectId,
      bot_id: free.botId,
      prompt: 'x',
    });
    expectError(res, 403, 'plan_without_heartbeat');
  });

  it("403 when the bot's heartbeat flag is off, and turning it off pauses the bot's heartbeats", async () => {
    const s = await seedProject(stack.db, 'pro');
    const c = caller(stack.app, s.key);
    const hb = await c.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'x',
      enabled: true,
    });
    expect(hb.body.heartbeat.enabled).toBe(true);
    const off = await c.put('/v1/bot/update', { project_id: s.projectId, bot_id: s.botId, heartbeat: 0 });
    expect(off.body.bot.heartbeat).toBe(false);
    const paused = await c.get('/v1/bot/heartbeat/read', {
      project_id: s.projectId,
      heartbeat_id: hb.body.heartbeat.uuid,
    });
    expect(paused.body.heartbeat).toMatchObject({ enabled: false, state: 'disabled' });
    expect((await workflowState(stack, hb.body.heartbeat.uuid))?.enabled).toBe(false);
    const ref = { project_id: s.projectId, heartbeat_id: hb.body.heartbeat.uuid };
    expectError(await c.post('/v1/bot/heartbeat/enable', ref), 403, 'heartbeat_not_enabled');
    expectError(await c.post('/v1/bot/heartbeat/trigger', ref), 403, 'heartbeat_not_enabled');
    expectError(
      await c.post('/v1/bot/heartbeat/configure', { project_id: s.projectId, bot_id: s.botId, prompt: 'y' }),
      403,
      'heartbeat_not_enabled',
    );
    const on = await c.put('/v1/bot/update', { project_id: s.projectId, bot_id: s.botId, heartbeat: 'true' });
    expect(on.body.bot.heartbeat).toBe(true);
  });

  it('403 at the per-bot cap of the plan (starter: 3)', async () => {
    const s = await seedProject(stack.db, 'starter');
    const c = caller(stack.app, s.key);
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await c.post('/v1/bot/heartbeat/configure', {
            project_id: s.projectId,
            bot_id: s.botId,
            prompt: `n${i}`,
            interval_minutes: 15,
          })
        ).status,
      ).toBe(200);
    }
    expectError(
      await c.post('/v1/bot/heartbeat/configure', {
        project_id: s.projectId,
        bot_id: s.botId,
        prompt: 'n3',
        interval_minutes: 15,
      }),
      403,
      'heartbeat_limit_reached',
    );
  });

  it('deleting a bot deletes its heartbeats and ends their workflows', async () => {
    const s = await seedProject(stack.db, 'pro');
    const c = caller(stack.app, s.key);
    const hb = await c.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'x',
      enabled: true,
    });
    const id = hb.body.heartbeat.uuid;
    expect((await c.del('/v1/bot/delete', { project_id: s.projectId, bot_id: s.botId })).body.deleted).toBe(true);
    expectError(
      await c.get('/v1/bot/heartbeat/read', { project_id: s.projectId, heartbeat_id: id }),
      404,
      'heartbeat_not_found',
    );
    expect(await stack.client.workflow.getHandle(`heartbeat-${id}`).result()).toEqual({ deleted: true });
  });
});

describe('validation: 400 with a stable code per rule', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['unknown timezone', { timezone: 'Mars/Olympus' }, 'timezone', 'invalid_timezone'],
    ['bad HH:MM', { active_hours_start: '9am', active_hours_end: '17:00' }, 'active_hours_start', 'invalid_time'],
    [
      'a window cannot start at 24:00',
      { active_hours_start: '24:00', active_hours_end: '02:00' },
      'active_hours_start',
      'invalid_time',
    ],
    ['only one window end', { active_hours_start: '09:00' }, 'active_hours_end', 'window_incomplete'],
    ['bad active_days', { active_days: '1,8' }, 'active_days', 'invalid_active_days'],
    ['negative budget', { credit_budget: -1 }, 'credit_budget', 'too_small'],
    ['non-integer interval', { interval_minutes: 7.5 }, 'interval_minutes', 'invalid_type'],
    ['both cadences', { interval_minutes: 30, cron_pattern: '0 * * * *' }, 'cron_pattern', 'cadence_conflict'],
    ['bad cron pattern', { cron_pattern: '61 * * * *' }, 'cron_pattern', 'invalid_cron_pattern'],
    ['six-field cron', { cron_pattern: '0 0 9 * * *' }, 'cron_pattern', 'invalid_cron_pattern'],
    ['max_consecutive_errors of 0', { max_consecutive_errors: 0 }, 'max_consecutive_errors', 'too_small'],
    ['member_id not a UUID', { member_id: 'bob' }, 'member_id', 'invalid_format'],
  ];
  for (const [name, body, field, code] of cases) {
    it(name, async () => {
      const res = await configure(body);
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details).toContainEqual(expect.objectContaining({ field, code }));
    });
  }

  it('prompt is required to create', async () => {
    const res = await api.post('/v1/bot/heartbeat/configure', { project_id: a.projectId, bot_id: a.botId });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details[0]).toMatchObject({ field: 'prompt', code: 'required' });
  });

  it('interval or cron below the plan minimum', async () => {
    expectError(await configure({ interval_minutes: 4 }), 400, 'interval_below_plan_minimum');
    expectError(await configure({ cron_pattern: '*/2 * * * *' }), 400, 'interval_below_plan_minimum');
  });

  it('a schedule that never runs inside its window is refused, on configure and on preview', async () => {
    const never = { cron_pattern: '*/5 * * * *', active_hours_start: '10:01', active_hours_end: '10:04' };
    expectError(await configure(never), 400, 'schedule_never_runs');
    const preview = await api.post('/v1/bot/heartbeat/preview', { project_id: a.projectId, bot_id: a.botId, ...never });
    expectError(preview, 400, 'schedule_never_runs');
    expect(preview.body.error.details[0]).toMatchObject({ field: 'cron_pattern', code: 'schedule_never_runs' });
  });

  it('malformed JSON is a 400, not a 500', async () => {
    expectError(await api.post('/v1/bot/heartbeat/configure', '{"project_id": '), 400, 'invalid_json');
  });

  it('bad query parameters', async () => {
    const logs = await api.get('/v1/bot/heartbeat/logs', { project_id: a.projectId, per_page: 101 });
    expectError(logs, 400, 'validation_failed');
    expectError(
      await api.get('/v1/bot/heartbeat/logs', { project_id: a.projectId, page: 0 }),
      400,
      'validation_failed',
    );
    expectError(
      await api.get('/v1/bot/heartbeat/stats', { project_id: a.projectId, days: 366 }),
      400,
      'validation_failed',
    );
    expectError(
      await api.get('/v1/bot/heartbeat/logs', { project_id: a.projectId, status: 'ok' }),
      400,
      'validation_failed',
    );
  });

  it('404 for unknown heartbeat, bot and member ids, and unknown routes', async () => {
    expectError(
      await api.get('/v1/bot/heartbeat/read', { project_id: a.projectId, heartbeat_id: randomUUID() }),
      404,
      'heartbeat_not_found',
    );
    expectError(await configure({ bot_id: randomUUID() }), 404, 'bot_not_found');
    expectError(await configure({ member_id: randomUUID() }), 404, 'member_not_found');
    expectError(await api.get('/v1/nothing/here', { project_id: a.projectId }), 404, 'not_found');
  });
});

describe('rate limit', () => {
  it('is shared by every API process: 429 past the plan limit across them, with X-RateLimit headers', async () => {
    const free = await seedProject(stack.db, 'free'); // 20 requests a minute
    // Two API processes on the same database, each with a limiter of its own.
    const apps = [0, 1].map(() => createApp({ db: stack.db, temporal: stack.temporal, ...appDefaults }));
    const callers = apps.map((app) => caller(app, free.key));
    const answers = [];
    for (let i = 0; i < 20; i++)
      answers.push(await callers[i % 2]!.get('/v1/bot/readall', { project_id: free.projectId }));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.map((a) => Number(a.headers.get('x-ratelimit-remaining')))).toEqual(
      Array.from({ length: 20 }, (_, i) => 19 - i),
    );
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('20');
    const reset = Number(answers[0]!.headers.get('x-ratelimit-reset'));
    expect(reset * 1000).toBeGreaterThan(Date.now());
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 61_000);

    for (const c of callers) {
      const refused = await c.get('/v1/bot/readall', { project_id: free.projectId });
      expectError(refused, 429, 'rate_limited');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another project's window is its own.
    const other = await seedProject(stack.db, 'free');
    expect((await caller(apps[0]!, other.key).get('/v1/bot/readall', { project_id: other.projectId })).status).toBe(
      200,
    );
  });

  it('a large limit is taken from the shared count a few points at a time, and never more than the limit is admitted', async () => {
    const s = await seedProject(stack.db, 'pro');
    const plan = await insertPlan(stack.db, {
      id: `busy-${randomUUID()}`,
      heartbeat_enabled: true,
      max_heartbeats_per_bot: 10,
      min_interval_minutes: 1,
      rate_limit_per_minute: 300,
      max_bots: 5,
      max_members: 5,
      max_tools_per_bot: 1,
    });
    await changeProjectPlan(stack.db, s.projectId, plan);
    const apps = [0, 1, 2].map(() => createApp({ db: stack.db, temporal: stack.temporal, ...appDefaults }));
    const callers = apps.map((app) => caller(app, s.key));
    // 360 requests, 8 at a time, spread over three API processes.
    const statuses: number[] = [];
    for (let round = 0; round < 45; round++) {
      const batch = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          callers[(round + i) % 3]!.get('/v1/bot/readall', { project_id: s.projectId }),
        ),
      );
      statuses.push(...batch.map((b) => b.status));
    }
    const admitted = statuses.filter((c) => c === 200).length;
    expect(statuses.filter((c) => c !== 200 && c !== 429)).toEqual([]);
    expect(admitted).toBeLessThanOrEqual(300);
    // At most a lease (1 % of the limit) per process is left unused when the count runs out.
    expect(admitted).toBeGreaterThanOrEqual(300 - 3 * 3);
    const shared = await stack.db
      .selectFrom('rate_limits')
      .select('points')
      .where('key', 'like', `%${s.projectId}`)
      .executeTakeFirstOrThrow();
    expect(shared.points).toBeGreaterThanOrEqual(300);
  });
});
