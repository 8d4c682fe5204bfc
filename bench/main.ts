/**
 * `npm run bench -- scale [--heartbeats N] [--minutes M] [--idle N] [--phases steady,burst,idle]
 *   [--temporal dev|server]`:
 * see bench/scale.ts.
 * `npm run bench -- replay`: what a wake of an evicted heartbeat costs by history length; see
 * bench/replay.ts.
 * `npm run bench -- capacity [--steps …] [--create spread|fast] [--readers steady|flood]`: the knee on
 * npm start's defaults; see bench/capacity.ts.
 * `npm run bench -- stages [--heartbeats N] [--create fast|spread] [--minutes M]`: where a run
 * waits (timer, task pickup, task held, agent start), from the workflows' histories; see
 * bench/stages.ts.
 * `npm run bench -- log-lines`: CPU per log line by destination; see bench/log-lines.ts.
 * `npm run bench -- reads [--seconds 20]`: CPU per read request by process, against `/healthz`;
 * see bench/reads.ts.
 * `npm run bench -- schedule`: the API's CPU for a preview of the costliest schedules; see
 * bench/schedule.ts.
 * `npm run bench -- logs`: seeds 1,000,000 run rows in a database of its own and prints p50/p99
 * of the logs page and the 30-day stats, beside a plain primary-key `SELECT … LIMIT 20` measured
 * in the same run as the baseline.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../config.js';
import { createDb, migrateToLatest, type Db } from '../db/client.js';
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, withDatabase } from '../dev/postgres.js';
import { issueApiKey } from '../db/queries/api-keys.js';
import { createProject } from '../db/queries/projects.js';
import { freePort } from '../dev/util.js';
import { benchApp } from './app.js';
import { benchCapacity } from './capacity.js';
import { benchLogLines } from './log-lines.js';
import { benchReads } from './reads.js';
import { benchReplay } from './replay.js';
import { benchScale } from './scale.js';
import { benchSchedule } from './schedule.js';
import { benchStages } from './stages.js';

const ROWS = 1_000_000;
const ITERATIONS = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(name: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function seed(db: Db) {
  const project = await createProject(db, 'bench', 'prime');
  const { key } = await issueApiKey(db, project.id);
  const bot = await db
    .insertInto('bots')
    .values({ project_id: project.id, name: 'b', model: 'm', instruction: '', heartbeat: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const heartbeats = Array.from({ length: 50 }, () => randomUUID());
  const members = Array.from({ length: 20 }, () => randomUUID());
  const started = Date.now();
  // 1,000,000 runs over the last 60 days, across 50 heartbeats; 1 in 10 errors, 1 in 20 skipped.
  await sql`
    insert into heartbeat_runs (project_id, bot_id, heartbeat_id, member_id, run_key, type, status, reason,
      prompt, response, duration_ms, tokens_used, credits_charged, scheduled_for, created_at)
    select ${project.id}::uuid, ${bot.id}::uuid,
      (${sql.val(heartbeats)}::uuid[])[1 + (g % 50)],
      case when g % 5 = 0 then (${sql.val(members)}::uuid[])[1 + (g % 20)] end,
      'bench:' || g,
      case when g % 17 = 0 then 'manual' else 'heartbeat' end,
      case when g % 20 = 0 then 'skipped' when g % 10 = 0 then 'error' else 'success' end,
      case when g % 20 = 0 then 'budget_exhausted' end,
      'Check the inbox', 'All quiet.', 200 + g % 800, 500 + g % 2000, 1 + g % 3,
      now() - (g * interval '60 days' / ${ROWS}),
      now() - (g * interval '60 days' / ${ROWS})
    from generate_series(1, ${ROWS}) as g`.execute(db);
  // The daily totals the write path keeps, for the same rows.
  await sql`
    insert into heartbeat_run_days (project_id, day, bot_id, heartbeat_id, member_id, status, type, runs, tokens, credits, duration_ms)
    select project_id, (created_at at time zone 'UTC')::date, bot_id, heartbeat_id, member_id, status, type,
      count(*), sum(tokens_used), sum(credits_charged), sum(duration_ms)
    from heartbeat_runs group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  await sql`analyze`.execute(db);
  console.log(`seeded ${ROWS.toLocaleString()} runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { projectId: project.id, key, heartbeats };
}

async function benchLogs(db: Db) {
  const { projectId, key, heartbeats } = await seed(db);
  const ids = (await db.selectFrom('heartbeat_runs').select('id').orderBy('id').limit(5000).execute()).map((r) => r.id);
  const app = benchApp(db);
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${key}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };

  const results = [
    await measure('baseline: SELECT … WHERE id > $1 ORDER BY id LIMIT 20', (i) =>
      sql`select * from heartbeat_runs where id > ${ids[i % ids.length]} order by id limit 20`.execute(db),
    ),
    await measure('GET /logs (page 1, 20 rows, with total)', () =>
      get(`/v1/bot/heartbeat/logs?project_id=${projectId}`),
    ),
    await measure('GET /logs?heartbeat_id=… (page 3)', (i) =>
      get(`/v1/bot/heartbeat/logs?project_id=${projectId}&heartbeat_id=${heartbeats[i % 50]}&page=3`),
    ),
    await measure('GET /logs?status=error', () => get(`/v1/bot/heartbeat/logs?project_id=${projectId}&status=error`)),
    await measure('GET /logs?from=…&to=… (7 days, partial edges)', () =>
      get(
        `/v1/bot/heartbeat/logs?project_id=${projectId}&from=${new Date(Date.now() - 7 * 86_400_000 + 3_600_000).toISOString()}&to=${new Date(Date.now() - 3_600_000).toISOString()}`,
      ),
    ),
    await measure('GET /stats (30 days)', () => get(`/v1/bot/heartbeat/stats?project_id=${projectId}`)),
    await measure('GET /stats?heartbeat_id=… (30 days)', (i) =>
      get(`/v1/bot/heartbeat/stats?project_id=${projectId}&heartbeat_id=${heartbeats[i % 50]}`),
    ),
  ];
  const base = results[0]!;
  console.log(`\n${ITERATIONS} requests each, ${ROWS.toLocaleString()} rows in one project:`);
  console.log('| what | p50 ms | p99 ms | p50 ÷ baseline |');
  console.log('|---|---:|---:|---:|');
  for (const r of results)
    console.log(`| ${r.name} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.p50 / base.p50).toFixed(1)}× |`);
}

async function main() {
  const which = process.argv[2] ?? 'logs';
  if (which === 'scale') {
    await benchScale({
      heartbeats: numberArg('--heartbeats', 1000),
      minutes: numberArg('--minutes', 3),
      idle: numberArg('--idle', 10_000),
      phases: stringArg('--phases', 'steady,burst,idle').split(','),
      temporal: temporalArg(stringArg('--temporal', process.env.TEMPORAL_MODE || 'dev')),
    });
    return;
  }
  if (which === 'replay') {
    await benchReplay();
    return;
  }
  if (which === 'capacity') {
    const baseline = stringArg('--baseline', '1000');
    await benchCapacity({
      steps: stringArg('--steps', '500,1000,1500,2000,3000').split(',').map(Number),
      minutes: numberArg('--minutes', 2),
      create: stringArg('--create', 'spread') === 'fast' ? 'fast' : 'spread',
      readers: stringArg('--readers', 'steady') === 'flood' ? 'flood' : 'steady',
      baseline: baseline === 'none' ? null : Number(baseline),
    });
    return;
  }
  if (which === 'stages') {
    await benchStages({
      heartbeats: numberArg('--heartbeats', 1000),
      create: stringArg('--create', 'fast') === 'spread' ? 'spread' : 'fast',
      minutes: numberArg('--minutes', 2),
    });
    return;
  }
  if (which === 'log-lines') {
    await benchLogLines();
    return;
  }
  if (which === 'reads') {
    await benchReads({ seconds: numberArg('--seconds', 20) });
    return;
  }
  if (which !== 'logs' && which !== 'schedule')
    throw new Error(
      `unknown benchmark "${which}" (available: logs, schedule, scale, capacity, stages, replay, log-lines, reads)`,
    );
  const config = loadConfig();
  let serverUrl = config.database.external ? config.database.url : undefined;
  let stopServer = async () => undefined as unknown;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'heartbeat-bench-'));
    await chmod(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: await freePort() });
    serverUrl = server.url;
    stopServer = server.stop;
  }
  const database = `heartbeat_bench_${process.pid}`;
  await ensureDatabase(serverUrl, database);
  const db = createDb(withDatabase(serverUrl, database));
  try {
    await migrateToLatest(db);
    await (which === 'logs' ? benchLogs(db) : benchSchedule(db));
  } finally {
    await db.destroy();
    await dropDatabase(serverUrl, database);
    await stopServer();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

function temporalArg(value: string): 'dev' | 'server' {
  if (value !== 'dev' && value !== 'server') throw new Error(`--temporal takes dev or server, not "${value}"`);
  return value;
}

function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function numberArg(name: string, fallback: number): number {
  const value = Number(stringArg(name, String(fallback)));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

await main();
