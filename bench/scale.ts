/**
 * `npm run bench -- scale [--heartbeats 1000] [--minutes 3] [--idle 10000] [--phases steady,burst,idle]
 *   [--temporal dev|server]`
 *
 * Runs on the stack exactly as `npm start` runs it (the file-backed Temporal dev server, or with
 * `--temporal server` the Temporal server on PostgreSQL as `TEMPORAL_MODE=server` runs it;
 * PostgreSQL, worker and API as processes of their own, local provider), heartbeats created through the API,
 * and prints one table, with Temporal Schedules on the same server in the same run as the baseline:
 * - steady: N heartbeats every minute, spread over the minute: runs logged ÷ due, lateness
 *   (nominal → agent start, nominal → logged), per-run cost, API latency with 8 clients reading;
 * - burst: N heartbeats due at one instant: time until the last is logged;
 * - idle: many enabled hourly heartbeats: creation rate and worker memory.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { heartbeatWorkflowId } from '../contract/workflow.js';
import { createDb, type Db } from '../db/client.js';
import { historyCost } from './history.js';
import {
  apiClient,
  useBenchPlan,
  coresText,
  cpuCores,
  cpuSnapshot,
  deadlocks,
  iso,
  log,
  metricValue,
  MINUTE,
  newBot,
  nextMinute,
  readers,
  scheduledRuns,
  type Api,
} from './measure.js';
import { startScheduleBaseline, type Tick } from './schedules.js';
import { rssMb, startBenchStack, type BenchStack } from './stack.js';
import { ms, pct, pool, ratio, sleep, summary, table } from './stats.js';

async function steadyHeartbeats(stack: BenchStack, api: Api, db: Db, temporal: Client, n: number, minutes: number) {
  const bot = await newBot(api, 'steady');
  log(`steady: creating ${n} one-minute heartbeats through the API, spread over a minute…`);
  const start = Date.now();
  const ids = await pool(
    Array.from({ length: n }, (_, i) => i),
    32,
    async (i) => {
      const at = start + (i * MINUTE) / n;
      if (at > Date.now()) await sleep(at - Date.now());
      const res = await api.post('/v1/bot/heartbeat/configure', {
        bot_id: bot,
        prompt: `steady ${i}`,
        interval_minutes: 1,
        enabled: true,
      });
      return res.heartbeat.uuid as string;
    },
  );
  const t0 = nextMinute(Date.now() + 5_000);
  await sleep(t0 - Date.now());
  const statements0 = await metricValue(stack.workerMetricsUrl, 'heartbeat_db_statements_total');
  const runs0 = await metricValue(stack.workerMetricsUrl, 'heartbeat_runs_total');
  const deadlocks0 = await deadlocks(db);
  log(`steady: measuring ${minutes} min from ${iso(t0)} with 8 API readers…`);
  const reading = readers(api, ids);
  const cpu0 = await cpuSnapshot(stack, {});
  const t1 = t0 + minutes * MINUTE;
  await sleep(t1 - Date.now());
  const cpu = cpuCores(cpu0, await cpuSnapshot(stack, {}));
  await reading.stop();
  await sleep(20_000); // runs due just before t1 finish
  const statements = (await metricValue(stack.workerMetricsUrl, 'heartbeat_db_statements_total')) - statements0;
  const runsMeasured = (await metricValue(stack.workerMetricsUrl, 'heartbeat_runs_total')) - runs0;
  const { ran, logged, missed, duplicates, start: startLateness, logged_ } = await scheduledRuns(db, bot, t0, t1);
  const sample = ids.slice(0, 10);
  const costs = await Promise.all(
    sample.map(async (id) => {
      const history = await temporal.workflow.getHandle(heartbeatWorkflowId(id)).fetchHistory();
      return historyCost(history.events ?? [], t0, t1);
    }),
  );
  const sampleRuns = ran.filter((r) => sample.includes(r.heartbeat_id)).length;
  const per = (k: keyof (typeof costs)[number]) => costs.reduce((s, c) => s + c[k], 0) / Math.max(1, sampleRuns);
  const result = {
    expected: n * minutes,
    logged,
    missed,
    duplicates,
    deadlocks: (await deadlocks(db)) - deadlocks0,
    start: startLateness,
    logged_,
    cost: {
      events: per('events'),
      workflowTasks: per('workflowTasks'),
      activities: per('activities'),
      upserts: per('upserts'),
      statements: statements / Math.max(1, runsMeasured),
    },
    api: { read: summary(reading.latency.read), logs: summary(reading.latency.logs) },
    cpu,
  };
  log(`steady: ${result.logged}/${result.expected} logged; disabling the heartbeats (the readers go on reading them)…`);
  await pool(ids, 16, (id) => api.post('/v1/bot/heartbeat/disable', { heartbeat_id: id }));
  return { ...result, ids, bot };
}

async function steadySchedules(
  stack: BenchStack,
  baseline: Awaited<ReturnType<typeof startScheduleBaseline>>,
  n: number,
  minutes: number,
  api: Api,
  readIds: string[],
) {
  log(`steady: ${n} Temporal Schedules every minute, spread over the minute, with the same 8 API readers…`);
  await baseline.createSpread(n, 'steady');
  const t0 = nextMinute(Date.now() + 5_000);
  const t1 = t0 + minutes * MINUTE;
  await sleep(t0 - Date.now());
  const reading = readers(api, readIds);
  const cpu0 = await cpuSnapshot(stack, { 'Schedules worker': baseline.pid });
  await sleep(t1 - Date.now());
  const cpu = cpuCores(cpu0, await cpuSnapshot(stack, { 'Schedules worker': baseline.pid }));
  await reading.stop();
  await sleep(20_000);
  const ticks = baseline.ticks.filter((t) => t.nominal >= t0 && t.nominal < t1);
  const cost = await baseline.costPerTick('steady-0');
  await baseline.deleteAll();
  baseline.ticks.length = 0;
  return {
    expected: n * minutes,
    logged: ticks.length,
    start: summary(ticks.map((t) => t.started - t.nominal)),
    done: summary(ticks.map((t) => t.finished - t.nominal)),
    cost,
    api: { read: summary(reading.latency.read), logs: summary(reading.latency.logs) },
    cpu,
  };
}

/** How long a burst is watched after its instant before it counts as not drained. */
const BURST_WATCH_MS = 170_000;

/** A cron pattern that fires once a day, at the minute of `instant` (UTC). */
const dailyAt = (instant: number) => `${new Date(instant).getUTCMinutes()} ${new Date(instant).getUTCHours()} * * *`;

/** The instant of a burst: far enough ahead for N creations to finish before it. */
const burstInstant = () => nextMinute(Date.now() + 45_000);

function assertBefore(instant: number, what: string) {
  if (Date.now() > instant - 2_000) throw new Error(`${what} took past the burst instant ${iso(instant)}`);
}

/** Polls `count` until it reaches `n` or the watch ends; the time each was logged decides the drain. */
async function watchBurst(instant: number, n: number, count: () => Promise<number>) {
  while (Date.now() < instant + BURST_WATCH_MS) {
    await sleep(2_000);
    if (Date.now() > instant && (await count()) >= n) return;
  }
}

async function burstHeartbeats(api: Api, db: Db, n: number) {
  const bot = await newBot(api, 'burst');
  const instant = burstInstant();
  log(`burst: creating ${n} heartbeats all due at ${iso(instant)} (cron "${dailyAt(instant)}", UTC)…`);
  await pool(
    Array.from({ length: n }, (_, i) => i),
    32,
    (i) =>
      api.post('/v1/bot/heartbeat/configure', {
        bot_id: bot,
        prompt: `burst ${i}`,
        cron_pattern: dailyAt(instant),
        timezone: 'UTC',
        enabled: true,
      }),
  );
  assertBefore(instant, `creating ${n} heartbeats`);
  const rowsOfInstant = () =>
    db
      .selectFrom('heartbeat_runs')
      .select(['started_at', 'created_at', 'status'])
      .where('bot_id', '=', bot)
      .where('scheduled_for', '=', new Date(instant))
      .execute();
  await watchBurst(instant, n, async () => (await rowsOfInstant()).length);
  const ran = (await rowsOfInstant()).filter((r) => r.status !== 'skipped');
  await api.del('/v1/bot/delete', { bot_id: bot });
  return {
    due: n,
    logged: ran.length,
    drain: Math.max(...ran.map((r) => r.created_at.getTime() - instant)),
    start: summary(ran.map((r) => r.started_at!.getTime() - instant)),
  };
}

async function burstSchedules(baseline: Awaited<ReturnType<typeof startScheduleBaseline>>, n: number) {
  const instant = burstInstant();
  log(`burst: ${n} Temporal Schedules all firing at ${iso(instant)}…`);
  await baseline.createBurst(n, 'burst', dailyAt(instant));
  assertBefore(instant, `creating ${n} Schedules`);
  const ticksOfInstant = (): Tick[] => baseline.ticks.filter((t) => t.nominal === instant);
  await watchBurst(instant, n, async () => ticksOfInstant().length);
  const ticks = ticksOfInstant();
  await baseline.deleteAll();
  baseline.ticks.length = 0;
  return {
    due: n,
    logged: ticks.length,
    drain: Math.max(...ticks.map((t) => t.finished - instant)),
    start: summary(ticks.map((t) => t.started - instant)),
  };
}

const drainText = (b: { due: number; logged: number; drain: number }) =>
  b.logged === b.due ? ms(b.drain) : `not drained: ${b.due - b.logged} not logged after ${BURST_WATCH_MS / 1000} s`;

async function idle(stack: BenchStack, api: Api, n: number) {
  const bot = await newBot(api, 'idle');
  const before = await rssMb((await stack.pids()).worker!);
  log(`idle: creating ${n} enabled hourly heartbeats through the API (worker RSS before: ${before.toFixed(0)} MB)…`);
  const started = Date.now();
  await pool(
    Array.from({ length: n }, (_, i) => i),
    16,
    (i) =>
      api.post('/v1/bot/heartbeat/configure', {
        bot_id: bot,
        prompt: `idle ${i}`,
        interval_minutes: 60,
        enabled: true,
      }),
  );
  const perSecond = n / ((Date.now() - started) / 1000);
  await sleep(30_000);
  const pids = await stack.pids();
  return { n, perSecond, before, workerRss: await rssMb(pids.worker!), temporalRss: await rssMb(pids.temporal!) };
}

export async function benchScale(opts: {
  heartbeats: number;
  minutes: number;
  idle: number;
  phases: string[];
  temporal: 'dev' | 'server';
}) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const engine =
    opts.temporal === 'server'
      ? 'Temporal server on PostgreSQL (TEMPORAL_MODE=server)'
      : 'Temporal dev server on SQLite';
  log(`starting the stack as \`npm start\` runs it, with the ${engine}…`);
  const stack = await startBenchStack({ TEMPORAL_MODE: opts.temporal });
  const db = createDb(stack.databaseUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection });
  const baseline = await startScheduleBaseline(stack.temporalAddress);
  try {
    await useBenchPlan(stack, 'bench');
    const api = apiClient(stack);
    const n = opts.heartbeats;
    const rows: string[][] = [];

    if (opts.phases.includes('steady')) {
      const hb = await steadyHeartbeats(stack, api, db, temporal, n, opts.minutes);
      const sc = await steadySchedules(stack, baseline, n, opts.minutes, api, hb.ids);
      await api.del('/v1/bot/delete', { bot_id: hb.bot });
      rows.push(
        [
          `steady ${n}/min: runs logged ÷ due`,
          `${pct(hb.logged / hb.expected)} (${hb.logged}/${hb.expected})`,
          `${pct(sc.logged / sc.expected)} (${sc.logged}/${sc.expected})`,
          '',
        ],
        [
          'steady: nominal → start p50 / p99 / max',
          `${ms(hb.start.p50)} / ${ms(hb.start.p99)} / ${ms(hb.start.max)}`,
          `${ms(sc.start.p50)} / ${ms(sc.start.p99)} / ${ms(sc.start.max)}`,
          `p99 ${ratio(hb.start.p99, sc.start.p99)}`,
        ],
        [
          'steady: nominal → logged p50 / p99 / max',
          `${ms(hb.logged_.p50)} / ${ms(hb.logged_.p99)} / ${ms(hb.logged_.max)}`,
          `${ms(sc.done.p50)} / ${ms(sc.done.p99)} / ${ms(sc.done.max)}`,
          `p99 ${ratio(hb.logged_.p99, sc.done.p99)}`,
        ],
        ['steady: missed / duplicate rows / deadlocks', `${hb.missed} / ${hb.duplicates} / ${hb.deadlocks}`, '', ''],
        [
          'per run: history events / workflow tasks / activities',
          `${hb.cost.events.toFixed(1)} / ${hb.cost.workflowTasks.toFixed(1)} / ${hb.cost.activities.toFixed(1)}`,
          sc.cost
            ? `${sc.cost.events} / ${sc.cost.workflowTasks} / ${sc.cost.activities} (+ the schedule's own workflow)`
            : '–',
          '',
        ],
        [
          'per run: visibility upserts / SQL statements',
          `${hb.cost.upserts.toFixed(1)} / ${hb.cost.statements.toFixed(1)}`,
          'start + close of a workflow / –',
          '',
        ],
        [
          'API p50 / p99 during steady load: read',
          `${ms(hb.api.read.p50)} / ${ms(hb.api.read.p99)} (${hb.api.read.n} requests)`,
          `${ms(sc.api.read.p50)} / ${ms(sc.api.read.p99)} (${sc.api.read.n} requests)`,
          '',
        ],
        [
          'API p50 / p99 during steady load: logs',
          `${ms(hb.api.logs.p50)} / ${ms(hb.api.logs.p99)} (${hb.api.logs.n} requests)`,
          `${ms(sc.api.logs.p50)} / ${ms(sc.api.logs.p99)} (${sc.api.logs.n} requests)`,
          '',
        ],
        ['CPU while steady (cores; 2 on this machine)', coresText(hb.cpu), coresText(sc.cpu), ''],
      );
    }
    if (opts.phases.includes('burst')) {
      const hb = await burstHeartbeats(api, db, n);
      const sc = await burstSchedules(baseline, n);
      rows.push(
        [
          `burst ${n} at one instant: logged / due (watched ${BURST_WATCH_MS / 1000} s)`,
          `${hb.logged} / ${hb.due}`,
          `${sc.logged} / ${sc.due}`,
          '',
        ],
        [
          'burst: until the last is logged',
          drainText(hb),
          drainText(sc),
          hb.logged === hb.due && sc.logged === sc.due ? ratio(hb.drain, sc.drain) : '',
        ],
        [
          'burst: start p50 / p99',
          `${ms(hb.start.p50)} / ${ms(hb.start.p99)}`,
          `${ms(sc.start.p50)} / ${ms(sc.start.p99)}`,
          '',
        ],
      );
    }
    if (opts.phases.includes('idle')) {
      const r = await idle(stack, api, opts.idle);
      rows.push(
        [`idle: ${r.n} enabled hourly heartbeats, created/s`, r.perSecond.toFixed(0), '', ''],
        [
          'idle: worker RSS / Temporal server RSS',
          `${r.workerRss.toFixed(0)} MB / ${r.temporalRss.toFixed(0)} MB`,
          '',
          '',
        ],
      );
    }
    console.log(`\nTemporal: ${engine}; both columns on the same server in the same run.`);
    console.log(table(['measure', 'heartbeats', 'Temporal Schedules', 'ratio'], rows));
  } finally {
    await baseline.stop();
    await connection.close();
    await db.destroy();
    await stack.stop();
  }
}
