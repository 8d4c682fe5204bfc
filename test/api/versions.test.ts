/** GET /v1/bot/heartbeat/versions: every configuration a heartbeat has had, who made it, when and how. */
import { describe, expect, it } from 'vitest';
import { seedProject, stackSuite } from '../helpers/stack.js';

const s = stackSuite();

const versions = (heartbeatId: string, extra: Record<string, string | number> = {}) =>
  s.api.get('/v1/bot/heartbeat/versions', {
    project_id: s.seed.projectId,
    bot_id: s.seed.botId,
    heartbeat_id: heartbeatId,
    ...extra,
  });

describe('heartbeat versions', () => {
  it('lists each change newest first, with the key and surface that made it and the configuration after it', async () => {
    const ref = { project_id: s.seed.projectId, bot_id: s.seed.botId };
    const created = await s.api.post('/v1/bot/heartbeat/configure', { ...ref, prompt: 'First', interval_minutes: 60 });
    const id = created.body.heartbeat.uuid;
    await s.api.post('/v1/bot/heartbeat/configure', {
      ...ref,
      heartbeat_id: id,
      prompt: 'Second',
      missed_runs: 'run_all',
    });
    await s.api.post('/v1/bot/heartbeat/enable', { project_id: s.seed.projectId, heartbeat_id: id });
    await s.api.post('/v1/bot/heartbeat/disable', { project_id: s.seed.projectId, heartbeat_id: id });
    await s.api.post('/v1/bot/heartbeat/enable', { project_id: s.seed.projectId, heartbeat_id: id });
    // Turning the bot's heartbeat flag off pauses it: a version too.
    expect((await s.api.put('/v1/bot/update', { ...ref, heartbeat: false })).status).toBe(200);
    await s.api.put('/v1/bot/update', { ...ref, heartbeat: true });

    const res = await versions(id);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(6);
    expect(res.body.versions.map((v: { version: number; change: string }) => [v.version, v.change])).toEqual([
      [6, 'paused_for_bot'],
      [5, 'enabled'],
      [4, 'disabled'],
      [3, 'enabled'],
      [2, 'configured'],
      [1, 'created'],
    ]);
    const keyPrefix = s.seed.key.slice(0, 10);
    for (const v of res.body.versions) {
      expect(v.via).toBe('api');
      expect(v.changed_by).toMatchObject({ key_prefix: keyPrefix });
      expect(Date.parse(v.created_at)).not.toBeNaN();
    }
    const [paused, , , , second, first] = res.body.versions;
    expect(first.configuration).toMatchObject({
      prompt: 'First',
      interval_minutes: 60,
      enabled: false,
      missed_runs: 'run_once',
      dst_policy: { repeated_hour: 'first', skipped_hour: 'shift' },
      schedule_description: 'Every 60 minutes, UTC',
    });
    expect(second.configuration).toMatchObject({ prompt: 'Second', missed_runs: 'run_all' });
    expect(paused.configuration).toMatchObject({ prompt: 'Second', enabled: false });
    // Runtime figures are not configuration.
    expect(first.configuration).not.toHaveProperty('state');
    expect(first.configuration).not.toHaveProperty('credits_used');

    const page = await versions(id, { page: 2, per_page: 4 });
    expect(page.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(page.body.pagination).toMatchObject({ page: 2, per_page: 4, total: 6, total_pages: 2 });
  });

  it('a run names the version it ran with, and that version shows the prompt it sent', async () => {
    const ref = { project_id: s.seed.projectId, bot_id: s.seed.botId };
    const id = (await s.api.post('/v1/bot/heartbeat/configure', { ...ref, prompt: 'Old words' })).body.heartbeat.uuid;
    await s.api.post('/v1/bot/heartbeat/configure', { ...ref, heartbeat_id: id, prompt: 'New words' });
    expect(
      (await s.api.post('/v1/bot/heartbeat/trigger', { project_id: s.seed.projectId, heartbeat_id: id })).status,
    ).toBe(200);
    const run = (await s.api.get('/v1/bot/heartbeat/logs', { project_id: s.seed.projectId, heartbeat_id: id })).body
      .logs[0];
    const listed = (await versions(id)).body.versions;
    const ranWith = listed.find((v: { version: number }) => v.version === run.config_version);
    expect(ranWith.configuration.prompt).toBe(run.prompt);
    expect(run.prompt).toBe('New words');
  });

  it('a heartbeat configured before versions were kept lists its current configuration', async () => {
    const id = (
      await s.api.post('/v1/bot/heartbeat/configure', {
        project_id: s.seed.projectId,
        bot_id: s.seed.botId,
        prompt: 'Older',
      })
    ).body.heartbeat.uuid;
    await s.stack.db.deleteFrom('heartbeat_versions').where('heartbeat_id', '=', id).execute();
    const res = await versions(id);
    expect(res.body.total).toBe(1);
    expect(res.body.versions[0]).toMatchObject({
      version: 1,
      change: 'configured',
      via: 'api',
      changed_by: null,
      configuration: { prompt: 'Older' },
    });
  });

  it('404 for a heartbeat of another bot or none at all', async () => {
    const id = (
      await s.api.post('/v1/bot/heartbeat/configure', {
        project_id: s.seed.projectId,
        bot_id: s.seed.botId,
        prompt: 'Mine',
      })
    ).body.heartbeat.uuid;
    const other = await seedProject(s.stack.db, 'pro');
    const wrongBot = await s.api.get('/v1/bot/heartbeat/versions', {
      project_id: s.seed.projectId,
      bot_id: other.botId,
      heartbeat_id: id,
    });
    expect(wrongBot.status).toBe(404);
    expect(wrongBot.body.error.code).toBe('heartbeat_not_found');
    expect((await versions('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
