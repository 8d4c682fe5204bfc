/**
 * Due-to-start lateness: how late after its nominal time a heartbeat's agent run starts, with
 * N heartbeats every minute on one machine, next to Temporal's own Schedules starting a workflow
 * (which runs one activity) on the same cadence, measured in the same run.
 */
import { createRequire } from 'node:module';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { LocalProvider } from '../activities/agent/local.js';
import type { Db } from '../db/client.js';
import { startTemporalDevServer } from '../dev/dev-server.js';
import { freePort } from '../dev/util.js';
import { createHeartbeatWorker } from '../worker/worker.js';
import { heartbeatWorkflowId } from '../contract/workflow.js';
import type { HeartbeatConfig } from '../domain/heartbeat.js';
import { heartbeatWorkflow } from '../workflows/index.js';

const require = createRequire(import.meta.url);
const MINUTE = 60_000;

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? NaN };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchLateness(db: Db, cliPath: string, opts: { heartbeats: number; minutes: number }) {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = await startTemporalDevServer({ cliPath, port: await freePort(), uiPort: await freePort() });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: server.address });
  try {
    const project = await db
      .insertInto('projects')
      .values({ name: 'lateness', plan_id: 'prime' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const bot = await db
      .insertInto('bots')
      .values({ project_id: project.id, name: 'b', model: 'm', instruction: '', heartbeat: true })
      .returning('id')
      .executeTakeFirstOrThrow();

    // Heartbeats: the real workflow and activities; lateness taken when the agent run starts.
    const heartbeatLateness: number[] = [];
    let measuring = false;
    const real = createActivities({ db, provider: new LocalProvider(), creditMultipliers: {} });
    const activities = {
      ...real,
      runAgent: async (input: Parameters<typeof real.runAgent>[0]) => {
        const nominal = Date.parse(input.run_key.slice(input.run_key.indexOf(':') + 1));
        if (measuring && !Number.isNaN(nominal)) heartbeatLateness.push(Date.now() - nominal);
        return real.runAgent(input);
      },
    };
    const hbWorker = await createHeartbeatWorker({
      connection: native,
      namespace: 'default',
      taskQueue: 'lateness-hb',
      activities,
    });
    const hbRunning = hbWorker.run();
    const start = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < opts.heartbeats; i++) {
      const row = await db
        .insertInto('heartbeats')
        .values({
          project_id: project.id,
          bot_id: bot.id,
          prompt: 'tick',
          interval_minutes: 1,
          enabled: true,
          anchor_at: new Date(start),
          timezone: 'UTC',
          max_consecutive_errors: 5,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Anchors spread over the minute, as heartbeats created at different times would be.
      const config: HeartbeatConfig = {
        heartbeat_id: row.id,
        project_id: project.id,
        bot_id: bot.id,
        member_id: null,
        prompt: 'tick',
        interval_minutes: 1,
        cron_pattern: null,
        active_hours_start: null,
        active_hours_end: null,
        active_days: null,
        timezone: 'UTC',
        anchor: new Date(start + Math.floor((i * MINUTE) / opts.heartbeats)).toISOString(),
        enabled: true,
        credit_budget: null,
        max_consecutive_errors: 5,
        version: 1,
      };
      await client.workflow.start(heartbeatWorkflow, {
        workflowId: heartbeatWorkflowId(row.id),
        taskQueue: 'lateness-hb',
        args: [{ config }],
      });
      ids.push(row.id);
    }
    await sleep(MINUTE); // the first round settles
    measuring = true;
    await sleep(opts.minutes * MINUTE);
    measuring = false;
    for (const id of ids) await client.workflow.getHandle(heartbeatWorkflowId(id)).terminate();
    hbWorker.shutdown();
    await hbRunning;

    // Baseline: one Temporal Schedule per heartbeat, same cadence and spread.
    const scheduleLateness: number[] = [];
    const tickWorker = await Worker.create({
      connection: native,
      taskQueue: 'lateness-schedules',
      workflowsPath: require.resolve('./workflows.ts'),
      activities: {
        tick: async ({ scheduled }: { scheduled: string }) => {
          if (measuring) scheduleLateness.push(Date.now() - Date.parse(scheduled));
        },
      },
    });
    const tickRunning = tickWorker.run();
    const handles = [];
    for (let i = 0; i < opts.heartbeats; i++) {
      handles.push(
        await client.schedule.create({
          scheduleId: `lateness-${i}`,
          spec: { intervals: [{ every: '1 minute', offset: Math.floor((i * MINUTE) / opts.heartbeats) }] },
          action: {
            type: 'startWorkflow',
            workflowType: 'scheduledTickWorkflow',
            taskQueue: 'lateness-schedules',
            args: [],
          },
        }),
      );
    }
    await sleep(MINUTE);
    measuring = true;
    await sleep(opts.minutes * MINUTE);
    measuring = false;
    for (const h of handles) await h.delete();
    tickWorker.shutdown();
    await tickRunning;

    const hb = summary(heartbeatLateness);
    const sc = summary(scheduleLateness);
    console.log(
      `\n${opts.heartbeats} heartbeats every minute, ${opts.minutes} min measured each; lateness = agent activity start − nominal time:`,
    );
    console.log('| what | runs | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| heartbeat workflows | ${hb.n} | ${hb.p50} | ${hb.p99} | ${hb.max} |`);
    console.log(`| Temporal Schedules (baseline) | ${sc.n} | ${sc.p50} | ${sc.p99} | ${sc.max} |`);
    console.log(`p99 ratio heartbeat ÷ schedules: ${(hb.p99 / sc.p99).toFixed(2)}×`);
  } finally {
    await native.close();
    await connection.close();
    await server.stop();
  }
}
