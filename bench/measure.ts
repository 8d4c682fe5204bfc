/**
 * What the scale and capacity benchmarks share: the API as an ordinary client calls it (`fetch`),
 * the steady readers beside the runs, CPU by component, and what the run rows say.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { cpuSeconds, processTree, type BenchStack } from './stack.js';
import { sleep, summary } from './stats.js';

export const MINUTE = 60_000;
export const nextMinute = (t: number) => Math.ceil(t / MINUTE) * MINUTE;
export const iso = (t: number) => new Date(t).toISOString();
export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The API as users' code calls it: `fetch`, JSON in and out, one project's key. */
export function apiClient(stack: BenchStack) {
  const { api_key: key, project_id: projectId } = stack.credentials;
  const request = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  return {
    projectId,
    post: (path: string, body: Record<string, unknown>) => request('POST', path, { project_id: projectId, ...body }),
    get: (path: string, q: Record<string, string>) =>
      request('GET', `${path}?${new URLSearchParams({ project_id: projectId, ...q })}`),
    del: (path: string, q: Record<string, string>) =>
      request('DELETE', `${path}?${new URLSearchParams({ project_id: projectId, ...q })}`),
  };
}
export type Api = ReturnType<typeof apiClient>;

export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name) && !l.startsWith('#'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

export async function deadlocks(db: Db): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select deadlocks::int as n from pg_stat_database where datname = current_database()`.execute(db);
  return rows[0]!.n;
}

/**
 * `clients` loops calling `request(client, i)` (i counts each client's calls from its number up),
 * each at most once every `everyMs` (0: as fast as it can), their starts staggered over the first
 * interval; `stop` ends them after their calls in flight.
 */
export function pacedClients(clients: number, everyMs: number, request: (client: number, i: number) => Promise<void>) {
  let running = true;
  const loops = Array.from({ length: clients }, async (_, c) => {
    let next = performance.now() + (c * everyMs) / clients;
    for (let i = c; running; i++) {
      if (everyMs > 0) {
        if (next > performance.now()) await sleep(next - performance.now());
        next += everyMs;
      }
      await request(c, i);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * 8 clients reading heartbeats and their logs, each a request every 20 ms at most (400 requests a
 * second in all), or as fast as each can (`flood`). Answers of 503 `overloaded` are counted apart:
 * the API sheds reads to keep runs on time.
 */
export function readers(api: Api, ids: string[], opts: { everyMs?: number; clients?: number } = {}) {
  const latency = { read: [] as number[], logs: [] as number[] };
  let shed = 0;
  let failed = 0;
  const clients = pacedClients(opts.clients ?? 8, opts.everyMs ?? 20, async (_, i) => {
    const id = ids[i % ids.length]!;
    const kind = i % 2 === 0 ? 'read' : 'logs';
    const started = performance.now();
    try {
      await (kind === 'read'
        ? api.get('/v1/bot/heartbeat/read', { heartbeat_id: id })
        : api.get('/v1/bot/heartbeat/logs', { heartbeat_id: id, per_page: '20' }));
      latency[kind].push(performance.now() - started);
    } catch (err) {
      if (/: 503 .*overloaded/.test((err as Error).message)) shed++;
      else failed++;
    }
  });
  return {
    latency,
    counts: () => ({ shed, failed }),
    stop: clients.stop,
  };
}

/** CPU seconds used so far by each part of the system (process trees) and this benchmark. */
export async function cpuSnapshot(stack: BenchStack, extra: Record<string, number> = {}) {
  const pids = { ...(await stack.pids()), ...extra };
  const used: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    let total = 0;
    for (const p of await processTree(pid)) total += await cpuSeconds(p).catch(() => 0);
    used[name] = total;
  }
  const self = process.cpuUsage();
  used.benchmark = (self.user + self.system) / 1e6;
  return { at: Date.now(), used };
}
export type CpuSnapshot = Awaited<ReturnType<typeof cpuSnapshot>>;

/** CPU seconds each part used between two snapshots. */
export function cpuUsed(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  return Object.fromEntries(Object.keys(b.used).map((k) => [k, (b.used[k] ?? 0) - (a.used[k] ?? 0)] as const));
}

/** Cores each part used between two snapshots (CPU seconds per second). */
export function cpuCores(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  const seconds = (b.at - a.at) / 1000;
  return Object.fromEntries(Object.entries(cpuUsed(a, b)).map(([k, v]) => [k, v / seconds] as const));
}

export const coresText = (c: Record<string, number>) =>
  Object.entries(c)
    .filter(([, v]) => v >= 0.005)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');

export async function newBot(api: Api, name: string): Promise<string> {
  return (await api.post('/v1/bot/create', { name, heartbeat: true })).bot.uuid as string;
}

/** What the run rows of a bot's heartbeats say about the occurrences due in [t0, t1). */
export async function scheduledRuns(db: Db, bot: string, t0: number, t1: number) {
  const rows = await db
    .selectFrom('heartbeat_runs')
    .select(['heartbeat_id', 'status', 'reason', 'missed_count', 'scheduled_for', 'started_at', 'created_at'])
    .where('bot_id', '=', bot)
    .where('type', '=', 'heartbeat')
    .where('scheduled_for', '>=', new Date(t0))
    .where('scheduled_for', '<', new Date(t1))
    .execute();
  const ran = rows.filter((r) => r.status !== 'skipped');
  const keys = new Set(ran.map((r) => `${r.heartbeat_id}@${r.scheduled_for!.getTime()}`));
  return {
    ran,
    logged: ran.length,
    missed: rows.filter((r) => r.reason === 'missed').reduce((s, r) => s + (r.missed_count ?? 0), 0),
    duplicates: ran.length - keys.size,
    start: summary(ran.map((r) => r.started_at!.getTime() - r.scheduled_for!.getTime())),
    logged_: summary(ran.map((r) => r.created_at.getTime() - r.scheduled_for!.getTime())),
  };
}

/**
 * Moves the stack's project to a plan of a big customer: one-minute heartbeats, no cap per bot,
 * no practical rate limit (the benchmarks measure the system, not the plan's limits).
 */
export async function useBenchPlan(stack: BenchStack, name: string): Promise<void> {
  const admin = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { env: stack.env });
  await admin(
    'create-plan',
    name,
    '--heartbeat',
    '--max-heartbeats-per-bot',
    '100000',
    '--min-interval',
    '1',
    '--rate-limit',
    '100000000',
  );
  await admin('set-plan', stack.credentials.project_id, name);
}
