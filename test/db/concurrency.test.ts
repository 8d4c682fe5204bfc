/**
 * Many runs of one project at the same instant, on real PostgreSQL: the run path must not
 * deadlock, lose an update, or write a run (or charge it) twice, however the recordings interleave.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { LocalProvider } from '../../activities/agent/local.js';
import { executeRun } from '../../activities/execute.js';
import { ReportPacer, runSlots, runWhenDue, withdrawWaitingRun } from '../../activities/waiting-run.js';
import type { ExecuteRunInput } from '../../contract/activities.js';
import { createDb, type Db } from '../../db/client.js';
import { insertBot } from '../../db/queries/bots.js';
import { insertHeartbeat } from '../../db/queries/heartbeats.js';
import { createProject } from '../../db/queries/projects.js';
import { pageRuns } from '../../db/queries/runs.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { activityDefaults } from '../helpers/stack.js';

let db: Db;
beforeAll(() => {
  // More connections than the default: as many statements in flight as a busy worker has.
  db = createDb(inject('databaseUrl'), { max: 24 });
});
afterAll(async () => {
  await db?.destroy();
});

async function seed(heartbeats: number) {
  const project = await createProject(db, `concurrency ${randomUUID()}`, 'prime');
  const bot = await insertBot(db, { project_id: project.id, name: 'b', model: 'm', instruction: '', heartbeat: true });
  const configs: HeartbeatConfig[] = [];
  for (let i = 0; i < heartbeats; i++) {
    const row = await insertHeartbeat(db, {
      project_id: project.id,
      bot_id: bot.id,
      prompt: `heartbeat ${i}`,
      interval_minutes: 1,
      enabled: true,
      timezone: 'UTC',
      max_consecutive_errors: 5,
      anchor_at: new Date(),
    });
    configs.push({
      heartbeat_id: row.id,
      project_id: project.id,
      bot_id: bot.id,
      member_id: null,
      prompt: row.prompt,
      interval_minutes: 1,
      cron_pattern: null,
      active_hours_start: null,
      active_hours_end: null,
      active_days: null,
      timezone: 'UTC',
      anchor: row.anchor_at.toISOString(),
      enabled: true,
      credit_budget: null,
      max_consecutive_errors: 5,
      version: 1,
    });
  }
  return { projectId: project.id, configs };
}

const run = (config: HeartbeatConfig, nominal: string): ExecuteRunInput => ({
  run_key: `${config.heartbeat_id}:${nominal}`,
  type: 'heartbeat',
  scheduled_for: nominal,
  config,
  streak: { enabled: true, auto_paused: false, consecutive_errors: 0, paused_reason: null },
  budget_row_written_for: null,
  next_run_at: null,
});

describe('the run path under concurrency', () => {
  it('records hundreds of simultaneous runs of one project exactly: no error, no lost update, one row per run key', async () => {
    const { projectId, configs } = await seed(60);
    const deps = { db, provider: new LocalProvider(), creditMultipliers: {}, ...activityDefaults };
    const minute = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    const inputs: ExecuteRunInput[] = [];
    // 60 heartbeats × 5 occurrences, all in flight at once…
    for (const config of configs) for (let i = 0; i < 5; i++) inputs.push(run(config, minute(i)));
    // …plus 100 more occurrences of one heartbeat…
    for (let i = 5; i < 105; i++) inputs.push(run(configs[0]!, minute(i)));
    // …and every occurrence of a second heartbeat sent three times more, as retries would.
    const retried = inputs.filter((r) => r.config.heartbeat_id === configs[1]!.heartbeat_id);
    inputs.push(...retried, ...retried, ...retried);

    const results = await Promise.allSettled(inputs.map((input) => executeRun(deps, input)));
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);

    const uniqueKeys = new Set(inputs.map((r) => r.run_key));
    const rows = await db
      .selectFrom('heartbeat_runs')
      .select(['run_key', 'heartbeat_id', 'credits_charged', 'status'])
      .where('project_id', '=', projectId)
      .execute();
    expect(rows).toHaveLength(uniqueKeys.size);
    expect(new Set(rows.map((r) => r.run_key))).toEqual(uniqueKeys);
    expect(rows.every((r) => r.status === 'success' && r.credits_charged > 0)).toBe(true);

    const counters = await db
      .selectFrom('heartbeats')
      .select(['id', 'execution_count', 'credits_used'])
      .where('project_id', '=', projectId)
      .execute();
    const days = await db
      .selectFrom('heartbeat_run_days')
      .select(['heartbeat_id', 'runs', 'credits'])
      .where('project_id', '=', projectId)
      .execute();
    for (const c of counters) {
      const own = rows.filter((r) => r.heartbeat_id === c.id);
      const credits = own.reduce((sum, r) => sum + r.credits_charged, 0);
      expect({ id: c.id, runs: c.execution_count, credits: c.credits_used }).toEqual({
        id: c.id,
        runs: own.length,
        credits,
      });
      const day = days.filter((d) => d.heartbeat_id === c.id);
      expect(day.reduce((sum, d) => sum + Number(d.runs), 0)).toBe(own.length);
      expect(day.reduce((sum, d) => sum + Number(d.credits), 0)).toBe(credits);
    }
    expect(counters.find((c) => c.id === configs[0]!.heartbeat_id)?.execution_count).toBe(105);
    expect(counters.find((c) => c.id === configs[1]!.heartbeat_id)?.execution_count).toBe(5);
  });

  it('a page read while runs land agrees with its own total: every row counted is on the page', async () => {
    const { projectId, configs } = await seed(1);
    const deps = { db, provider: new LocalProvider(), creditMultipliers: {}, ...activityDefaults };
    const keys = Array.from({ length: 200 }, (_, i) =>
      run(configs[0]!, new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString()),
    );
    const disagreements: string[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const pages = await Promise.all(
          Array.from({ length: 20 }, () =>
            pageRuns(db, { projectId, from: new Date(Date.UTC(2026, 0, 31, 12)) }, { page: 1, per_page: 500 }),
          ),
        );
        for (const page of pages)
          if (page.rows.length !== page.pagination.total)
            disagreements.push(`${page.rows.length} rows, total ${page.pagination.total}`);
      }
    })();
    await Promise.all(keys.map((k) => executeRun(deps, k)));
    writing = false;
    await reader;
    expect(disagreements).toEqual([]);
  });

  it('a held run and its withdrawal racing: each occurrence runs once or not at all, and the workflow is told which', async () => {
    const { projectId, configs } = await seed(20);
    const deps = { db, provider: new LocalProvider(), creditMultipliers: {}, ...activityDefaults };
    const held = { slots: runSlots(200), pacer: new ReportPacer() };
    const nominal = new Date(Date.UTC(2026, 0, 2)).toISOString();
    // The withdrawals come from well before the runs fall due to well after, most of them as close
    // to it as the claims: the first are withdrawn, the last find their runs started.
    const due = new Date(Date.now() + 300).toISOString();
    const raced = await Promise.all(
      configs.map(async (config, i) => {
        const input = { ...run(config, nominal), due, token: `token-${i}` };
        const withdrawAt = i < 2 ? 0 : i >= 18 ? 1_500 : 300 + (i % 8) - 4;
        const [result, withdrawal] = await Promise.all([
          runWhenDue(deps, held, input),
          new Promise((r) => setTimeout(r, withdrawAt)).then(() =>
            withdrawWaitingRun(deps, held.pacer, { run_key: input.run_key, token: input.token }),
          ),
        ]);
        return { run_key: input.run_key, result, withdrawn: withdrawal.withdrawn };
      }),
    );
    const rows = await db.selectFrom('heartbeat_runs').select('run_key').where('project_id', '=', projectId).execute();
    const written = new Set(rows.map((r) => r.run_key));
    for (const r of raced) {
      // Withdrawn: never ran, and the run said so; not withdrawn: ran once, and the workflow awaits it.
      expect({ key: r.run_key, ran: written.has(r.run_key), result: 'ran' in r.result }).toEqual({
        key: r.run_key,
        ran: !r.withdrawn,
        result: !r.withdrawn,
      });
    }
    expect(rows).toHaveLength(new Set(rows.map((r) => r.run_key)).size);
    // Both orders happened, and nothing is left behind: claims go with their runs, withdrawals once read.
    expect(raced.some((r) => r.withdrawn)).toBe(true);
    expect(raced.some((r) => !r.withdrawn)).toBe(true);
    const left = await db
      .selectFrom('run_claims')
      .select('run_key')
      .where(
        'run_key',
        'in',
        raced.map((r) => r.run_key),
      )
      .execute();
    expect(left).toEqual([]);

    // A withdrawal that comes after the run ended is told the run happened.
    const late = raced.find((r) => !r.withdrawn)!;
    const token = `token-${raced.indexOf(late)}`;
    expect(await withdrawWaitingRun(deps, held.pacer, { run_key: late.run_key, token })).toEqual({ withdrawn: false });
  }, 60_000);
});
