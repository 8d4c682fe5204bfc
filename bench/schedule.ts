/**
 * `npm run bench -- schedule`: the API's CPU for a preview of the costliest schedules a tenant can
 * send (patterns whose matches all miss their window, a yearly pattern, 100 runs with jitter),
 * measured per request with `process.cpuUsage` through the real API on a database of its own:
 * warm (one zone again and again) and with a zone the process has not read yet. The maximum
 * includes whatever garbage collection fell due during a request.
 */
import type { Db } from '../db/client.js';
import { benchApp } from './app.js';
import { issueApiKey } from '../db/queries/api-keys.js';
import { createProject } from '../db/queries/projects.js';

const CASES: Array<{ name: string; body: Record<string, unknown> }> = [
  {
    name: '*/5, window 10:01–10:04 (no mark inside), every day',
    body: { cron_pattern: '*/5 * * * *', active_hours_start: '10:01', active_hours_end: '10:04' },
  },
  {
    name: '*/15, window 10:01–10:14, Wednesdays',
    body: { cron_pattern: '*/15 * * * *', active_hours_start: '10:01', active_hours_end: '10:14', active_days: '3' },
  },
  {
    name: 'the same with dst_policy both/skip',
    body: {
      cron_pattern: '*/5 * * * *',
      active_hours_start: '10:01',
      active_hours_end: '10:04',
      dst_policy: { repeated_hour: 'both', skipped_hour: 'skip' },
    },
  },
  { name: 'Mondays at 09:00, active on Tuesdays only', body: { cron_pattern: '0 9 * * 1', active_days: '2' } },
  {
    name: 'once a year (1 Jan 10:00), window 09:00–11:00',
    body: { cron_pattern: '0 10 1 1 *', active_hours_start: '09:00', active_hours_end: '11:00' },
  },
  { name: '*/5, no window, 100 runs, jitter 60 s', body: { cron_pattern: '*/5 * * * *', jitter_seconds: 60 } },
  {
    name: 'every 5 min, 09:00–17:00 Mon–Fri, 100 runs, jitter 60 s',
    body: {
      interval_minutes: 5,
      active_hours_start: '09:00',
      active_hours_end: '17:00',
      active_days: '1,2,3,4,5',
      jitter_seconds: 60,
    },
  },
];

/** Zones with clock changes, each read for the first time by one request of the cold column. */
const ZONES = (Intl as unknown as { supportedValuesOf(k: string): string[] })
  .supportedValuesOf('timeZone')
  .filter((z) => /^(Europe|America)\//.test(z));

const ITERATIONS = 50;

export async function benchSchedule(db: Db) {
  const project = await createProject(db, 'bench', 'prime');
  const { key } = await issueApiKey(db, project.id);
  const bot = await db
    .insertInto('bots')
    .values({ project_id: project.id, name: 'b', model: 'm', instruction: '', heartbeat: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const app = benchApp(db);
  /** CPU milliseconds of one preview request, and its status. */
  const preview = async (body: Record<string, unknown>, timezone: string) => {
    const started = process.cpuUsage();
    const res = await app.request('/v1/bot/heartbeat/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ project_id: project.id, bot_id: bot.id, count: 100, timezone, ...body }),
    });
    await res.arrayBuffer();
    const used = process.cpuUsage(started);
    return { ms: (used.user + used.system) / 1000, status: res.status };
  };
  let zone = 0;
  console.log(`CPU per preview request (count 100), ms over ${ITERATIONS} requests each:`);
  console.log('| schedule | answer | warm p50 | p90 | max | new zone p50 | p90 | max |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of CASES) {
    for (let i = 0; i < 5; i++) await preview(c.body, 'Europe/Berlin'); // warm-up
    const warm: number[] = [];
    const cold: number[] = [];
    let status = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const w = await preview(c.body, 'Europe/Berlin');
      warm.push(w.ms);
      status = w.status;
      cold.push((await preview(c.body, ZONES[zone++ % ZONES.length]!)).ms);
    }
    const at = (xs: number[], q: number) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
    const row = (xs: number[]) => [at(xs, 0.5), at(xs, 0.9), at(xs, 1)].map((ms) => ms.toFixed(1)).join(' | ');
    console.log(`| ${c.name} | ${status} | ${row(warm)} | ${row(cold)} |`);
  }
}
