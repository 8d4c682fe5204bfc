/**
 * `npm run bench -- capacity [--steps 500,1000,1500,2000,3000] [--minutes 2] [--create spread|fast]
 *   [--readers steady|flood] [--baseline 1000]`
 *
 * The knee: on `npm start`'s stack with its default settings (log level included), one-minute
 * heartbeats at a rising rate, each step created through the API (over a minute, or as fast as
 * the API allows) while 8 `fetch` clients read 400 requests a second (or as fast as they can),
 * then measured for `--minutes`, with 30 s of grace for the last runs. Per step it prints runs
 * logged ÷ due, occurrences missed, lateness (nominal → agent start) p50/p99, the API's p99, and
 * CPU by component, in cores and in milliseconds per run. A step holds when ≥ 99.9 % of its due
 * runs are logged, none is missed and the lateness p99 is ≤ 1 s; the highest step that holds is
 * the capacity. At the `--baseline` step, Temporal Schedules on the same server run the same load
 * in the same run, and the table shows the heartbeats' lateness against theirs.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createDb, type Db } from '../db/client.js';
import {
  apiClient,
  useBenchPlan,
  cpuSnapshot,
  cpuUsed,
  log,
  MINUTE,
  newBot,
  nextMinute,
  readers,
  scheduledRuns,
  type Api,
} from './measure.js';
import { startScheduleBaseline } from './schedules.js';
import { startBenchStack, type BenchStack } from './stack.js';
import { ms, pct, pool, sleep, summary, table } from './stats.js';

const GRACE_MS = 30_000;

export interface CapacityOptions {
  steps: number[];
  minutes: number;
  create: 'spread' | 'fast';
  readers: 'steady' | 'flood';
  baseline: number | null;
}

/**
 * Creates `n` enabled heartbeats (one-minute unless `intervalMinutes` says otherwise): spread over
 * a minute, or as fast as the API allows.
 */
export async function createHeartbeats(
  api: Api,
  bot: string,
  n: number,
  create: CapacityOptions['create'],
  ids: string[],
  intervalMinutes = 1,
) {
  const started = Date.now();
  await pool(
    Array.from({ length: n }, (_, i) => i),
    create === 'fast' ? 32 : 16,
    async (i) => {
      const at = started + (i * MINUTE) / n;
      if (create === 'spread' && at > Date.now()) await sleep(at - Date.now());
      const res = await api.post('/v1/bot/heartbeat/configure', {
        bot_id: bot,
        prompt: `capacity ${i}`,
        interval_minutes: intervalMinutes,
        enabled: true,
      });
      ids.push(res.heartbeat.uuid as string);
    },
  );
  return { seconds: (Date.now() - started) / 1000 };
}

async function step(stack: BenchStack, api: Api, db: Db, n: number, opts: CapacityOptions) {
  const bot = await newBot(api, `capacity-${n}`);
  log(`${n}/min: creating ${n} one-minute heartbeats (${opts.create}), the readers reading them as they come…`);
  const ids: string[] = [];
  const creating = createHeartbeats(api, bot, n, opts.create, ids);
  while (ids.length === 0) await sleep(50);
  const reading = readers(api, ids, opts.readers === 'flood' ? { everyMs: 0, clients: 16 } : {});
  const created = await creating;
  const t0 = nextMinute(Date.now() + 2_000);
  const t1 = t0 + opts.minutes * MINUTE;
  await sleep(t0 - Date.now());
  const latency0 = { read: reading.latency.read.length, logs: reading.latency.logs.length };
  const counts0 = reading.counts();
  const cpu0 = await cpuSnapshot(stack);
  log(`${n}/min: measuring ${opts.minutes} min…`);
  await sleep(t1 - Date.now());
  const cpu1 = await cpuSnapshot(stack);
  const apiLatency = [...reading.latency.read.slice(latency0.read), ...reading.latency.logs.slice(latency0.logs)];
  const counts1 = reading.counts();
  await reading.stop();
  await sleep(GRACE_MS);
  const runs = await scheduledRuns(db, bot, t0, t1);
  const due = n * opts.minutes;
  const used = cpuUsed(cpu0, cpu1);
  const seconds = (cpu1.at - cpu0.at) / 1000;
  await pool(ids, 16, (id) => api.post('/v1/bot/heartbeat/disable', { heartbeat_id: id }).catch(() => undefined));
  await api.del('/v1/bot/delete', { bot_id: bot });
  const holds = runs.logged / due >= 0.999 && runs.missed === 0 && runs.start.p99 <= 1_000;
  return {
    n,
    due,
    created: created.seconds,
    runs,
    holds,
    api: summary(apiLatency),
    shed: counts1.shed - counts0.shed,
    cores: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, v / seconds])),
    msPerRun: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, (v * 1000) / Math.max(1, runs.logged)])),
  };
}

const parts = ['postgres', 'temporal', 'worker', 'API', 'benchmark'] as const;
const perPart = (o: Record<string, number>, digits: number) =>
  parts.map((p) => `${p} ${(o[p] ?? 0).toFixed(digits)}`).join(', ');

export async function benchCapacity(opts: CapacityOptions) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  log("starting the stack as `npm start` runs it, with `npm start`'s defaults…");
  const stack = await startBenchStack();
  const db = createDb(stack.databaseUrl);
  const baseline = opts.baseline ? await startScheduleBaseline(stack.temporalAddress) : undefined;
  try {
    await useBenchPlan(stack, 'capacity');
    const api = apiClient(stack);
    const results = [];
    for (const n of opts.steps) {
      const r = await step(stack, api, db, n, opts);
      results.push(r);
      log(`${n}/min: ${r.runs.logged}/${r.due} logged, ${r.runs.missed} missed, p99 ${ms(r.runs.start.p99)}`);
      if (baseline && n === opts.baseline) {
        log(`${n}/min: the same load as Temporal Schedules on the same server…`);
        await baseline.createSpread(n, 'capacity');
        const t0 = nextMinute(Date.now() + 5_000);
        await sleep(t0 + opts.minutes * MINUTE + GRACE_MS - Date.now());
        const ticks = baseline.ticks.filter((t) => t.nominal >= t0 && t.nominal < t0 + opts.minutes * MINUTE);
        Object.assign(r, {
          schedules: { logged: ticks.length, start: summary(ticks.map((t) => t.started - t.nominal)) },
        });
        await baseline.deleteAll();
        baseline.ticks.length = 0;
      }
    }
    const rows = results.map((r) => [
      `${r.n}/min`,
      `${pct(r.runs.logged / r.due)} (${r.runs.logged}/${r.due})`,
      String(r.runs.missed),
      `${ms(r.runs.start.p50)} / ${ms(r.runs.start.p99)}`,
      `${ms(r.api.p99)}${r.shed ? ` (${r.shed} shed)` : ''}`,
      perPart(r.cores, 2),
      perPart(r.msPerRun, 1),
      r.holds ? 'holds' : 'no',
    ]);
    console.log(
      `\nCapacity on npm start's defaults, created ${opts.create === 'fast' ? 'as fast as the API allows' : 'over a minute'}, readers ${opts.readers === 'flood' ? 'flooding (16 clients, no pause)' : 'at 400 requests a second (8 fetch clients)'}:`,
    );
    console.log(
      table(
        ['step', 'logged ÷ due', 'missed', 'lateness p50 / p99', 'API p99', 'CPU (cores)', 'CPU per run (ms)', 'holds'],
        rows,
      ),
    );
    const held = results.filter((r) => r.holds).map((r) => r.n);
    console.log(`\ncapacity: ${held.length ? `${Math.max(...held)}/min` : 'below the first step'}`);
    for (const r of results as Array<
      (typeof results)[number] & { schedules?: { logged: number; start: ReturnType<typeof summary> } }
    >) {
      if (!r.schedules) continue;
      console.log(
        `baseline at ${r.n}/min: Temporal Schedules logged ${pct(r.schedules.logged / r.due)}, start p99 ${ms(r.schedules.start.p99)}; heartbeats p99 ${ms(r.runs.start.p99)} (${(r.runs.start.p99 / r.schedules.start.p99).toFixed(2)}×)`,
      );
    }
  } finally {
    await baseline?.stop();
    await db.destroy();
    await stack.stop();
  }
}
