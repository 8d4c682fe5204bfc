/**
 * Adaptive cadence through the API and the real run activity: what configure accepts, and the
 * adapted next run (and why) that a run saves on the heartbeat, as a read shows it.
 */
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { toWorkflowConfig } from '../../api/mappers.js';
import { agentHeartbeat, eventually, scriptedStack, settledIntoSleep } from '../helpers/agent.js';
import { scheduledRunInput } from '../helpers/config.js';
import { activityDefaults, caller, seedProject, workflowState } from '../helpers/stack.js';

const suite = scriptedStack();

describe('cadence: adaptive', () => {
  it('needs an interval: a cron schedule answers 400 adaptive_requires_interval, on create and on update', async () => {
    const s = await seedProject(suite.stack.db, 'pro');
    const api = caller(suite.stack.app, s.key);
    const base = { project_id: s.projectId, bot_id: s.botId, prompt: 'Watch the deploys' };
    const cron = await api.post('/v1/bot/heartbeat/configure', {
      ...base,
      cadence: 'adaptive',
      cron_pattern: '0 * * * *',
    });
    expect(cron.status).toBe(400);
    expect(cron.body.error).toMatchObject({
      code: 'adaptive_requires_interval',
      details: [{ field: 'cadence', code: 'adaptive_requires_interval' }],
    });
    const created = await api.post('/v1/bot/heartbeat/configure', {
      ...base,
      cadence: 'adaptive',
      interval_minutes: 15,
    });
    expect(created.body.heartbeat).toMatchObject({
      cadence: 'adaptive',
      interval_minutes: 15,
      max_interval_minutes: 60,
    });
    const id = created.body.heartbeat.uuid;
    const toCron = await api.post('/v1/bot/heartbeat/configure', {
      ...base,
      heartbeat_id: id,
      cron_pattern: '0 9 * * *',
    });
    expect(toCron.body.error.code).toBe('adaptive_requires_interval');
    const short = await api.post('/v1/bot/heartbeat/configure', {
      ...base,
      heartbeat_id: id,
      max_interval_minutes: 10,
    });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toMatchObject({ field: 'max_interval_minutes', code: 'out_of_range' });
    const fixed = await api.post('/v1/bot/heartbeat/configure', {
      ...base,
      heartbeat_id: id,
      cadence: 'fixed',
      cron_pattern: '0 9 * * *',
    });
    expect(fixed.body.heartbeat).toMatchObject({
      cadence: 'fixed',
      cron_pattern: '0 9 * * *',
      max_interval_minutes: null,
    });
  });

  it('a quiet scheduled run saves the adapted next run and why; a read shows them', async () => {
    const hb = await agentHeartbeat(suite.stack, {
      prompt: 'Watch the deploys',
      interval_minutes: 30,
      cadence: 'adaptive',
      max_interval_minutes: 240,
      enabled: true,
    });
    // The workflow has written its first plan (the next run, half an hour away): what the run
    // below saves comes after it.
    await eventually(
      () => settledIntoSleep(suite.stack, hb.id),
      (written) => written,
    );
    expect(await workflowState(suite.stack, hb.id)).toMatchObject({ next_run_reason: null });
    const row = await suite.stack.db
      .selectFrom('heartbeats')
      .selectAll()
      .where('id', '=', hb.id)
      .executeTakeFirstOrThrow();
    const config = toWorkflowConfig(row);
    expect(config.adaptive).toEqual({ max_interval_minutes: 240 });
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const activities = createActivities({
      db: suite.stack.db,
      provider: suite.provider,
      creditMultipliers: {},
      ...activityDefaults,
    });
    suite.openai.script.push({ answer: 'HEARTBEAT_OK' });
    const result = await activities.executeRun(
      scheduledRunInput(config, due, { adaptive: { quiet_runs: 1, reason: null } }),
    );
    expect(result.outcome).toBe('nothing_to_report');
    // Two quiet runs in a row: 30 × 2² = 120 minutes after the run's nominal time.
    const expected = new Date(Date.parse(due) + 120 * 60_000).toISOString();
    expect(result.saved_status).toMatchObject({
      next_run_at: expected,
      next_run_reason: '2 quiet run(s) in a row: 120 min',
    });
    const read = await hb.api.get('/v1/bot/heartbeat/read', { project_id: hb.s.projectId, heartbeat_id: hb.id });
    expect(read.body.heartbeat).toMatchObject({
      next_run_at: expected,
      next_run_reason: '2 quiet run(s) in a row: 120 min',
    });
  });
});
