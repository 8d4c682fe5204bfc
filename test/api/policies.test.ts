/** Schedule policies through the API: defaults on every read, partial changes, refusals, versions on runs. */
import { describe, expect, it } from 'vitest';
import { gatedProvider } from '../helpers/gated-provider.js';
import { stackSuite } from '../helpers/stack.js';

const model = gatedProvider();

const s = stackSuite({ provider: model.provider });

const configure = (body: Record<string, unknown>) =>
  s.api.post('/v1/bot/heartbeat/configure', { project_id: s.seed.projectId, bot_id: s.seed.botId, ...body });

const DEFAULTS = {
  missed_runs: 'run_once',
  catch_up_window_minutes: 60,
  dst_policy: { repeated_hour: 'first', skipped_hour: 'shift' },
  overlap: 'queue',
};

describe('schedule policies', () => {
  it('a heartbeat created without them reads with every default, on read and readall alike', async () => {
    const created = await configure({ prompt: 'Defaults', interval_minutes: 60 });
    expect(created.status).toBe(200);
    expect(created.body.heartbeat).toMatchObject(DEFAULTS);
    const id = created.body.heartbeat.uuid;
    const read = await s.api.get('/v1/bot/heartbeat/read', { project_id: s.seed.projectId, heartbeat_id: id });
    expect(read.body.heartbeat).toMatchObject(DEFAULTS);
    const all = await s.api.get('/v1/bot/heartbeat/readall', { project_id: s.seed.projectId, bot_id: s.seed.botId });
    expect(all.body.heartbeats.find((h: { uuid: string }) => h.uuid === id)).toMatchObject(DEFAULTS);
  });

  it('sets each policy, changes only the fields sent (dst_policy field by field) and bumps the version', async () => {
    const created = await configure({
      prompt: 'Policies',
      cron_pattern: '30 2 * * *',
      timezone: 'Europe/Berlin',
      missed_runs: 'run_all',
      catch_up_window_minutes: 90,
      dst_policy: { skipped_hour: 'skip' },
      overlap: 'skip',
    });
    expect(created.status).toBe(200);
    expect(created.body.heartbeat).toMatchObject({
      missed_runs: 'run_all',
      catch_up_window_minutes: 90,
      dst_policy: { repeated_hour: 'first', skipped_hour: 'skip' },
      overlap: 'skip',
      version: 1,
    });
    const id = created.body.heartbeat.uuid;
    const changed = await configure({ heartbeat_id: id, dst_policy: { repeated_hour: 'both' }, missed_runs: 'skip' });
    expect(changed.body.heartbeat).toMatchObject({
      missed_runs: 'skip',
      catch_up_window_minutes: 90,
      dst_policy: { repeated_hour: 'both', skipped_hour: 'skip' },
      overlap: 'skip',
      version: 2,
    });
  });

  it('refuses values outside each policy with a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ missed_runs: 'all' }, 'missed_runs'],
      [{ catch_up_window_minutes: 0 }, 'catch_up_window_minutes'],
      [{ catch_up_window_minutes: 1441 }, 'catch_up_window_minutes'],
      [{ catch_up_window_minutes: 1.5 }, 'catch_up_window_minutes'],
      [{ dst_policy: { repeated_hour: 'last' } }, 'dst_policy.repeated_hour'],
      [{ dst_policy: { skipped_hour: 'later' } }, 'dst_policy.skipped_hour'],
      [{ dst_policy: 'first' }, 'dst_policy'],
      [{ overlap: 'parallel' }, 'overlap'],
    ];
    for (const [body, field] of cases) {
      const res = await configure({ prompt: 'Bad', interval_minutes: 60, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('every run row records the configuration version it ran with and the prompt it sent', async () => {
    const created = await configure({ prompt: 'First words', interval_minutes: 60 });
    const id = created.body.heartbeat.uuid;
    await configure({ heartbeat_id: id, prompt: 'Second words' });
    const run = await s.api.post('/v1/bot/heartbeat/trigger', { project_id: s.seed.projectId, heartbeat_id: id });
    expect(run.status).toBe(200);
    const logs = await s.api.get('/v1/bot/heartbeat/logs', { project_id: s.seed.projectId, heartbeat_id: id });
    expect(logs.body.logs).toHaveLength(1);
    expect(logs.body.logs[0]).toMatchObject({ config_version: 2, prompt: 'Second words' });
  });

  it("overlap skip: a trigger while a run is in flight answers 409 run_in_progress with that run's key", async () => {
    const created = await configure({ prompt: 'One at a time', interval_minutes: 60, overlap: 'skip' });
    const id = created.body.heartbeat.uuid;
    const release = model.hold();
    const before = model.calls();
    const first = s.api.post(
      '/v1/bot/heartbeat/trigger',
      { project_id: s.seed.projectId, heartbeat_id: id },
      { 'idempotency-key': 'first-of-two' },
    );
    try {
      while (model.calls() === before) await new Promise((r) => setTimeout(r, 20));
      const second = await s.api.post('/v1/bot/heartbeat/trigger', { project_id: s.seed.projectId, heartbeat_id: id });
      expect(second.status).toBe(409);
      expect(second.headers.get('retry-after')).toBe('5');
      expect(second.body.error).toMatchObject({ status: 409, code: 'run_in_progress' });
      release();
      expect((await first).status).toBe(200);
      const logs = await s.api.get('/v1/bot/heartbeat/logs', { project_id: s.seed.projectId, heartbeat_id: id });
      expect(logs.body.logs.map((l: { run_key: string }) => l.run_key)).toEqual([second.body.error.run_key]);
    } finally {
      release();
    }
  });
});
