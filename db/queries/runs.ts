import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../client.js';
import type { RunStatus, RunType } from '../../domain/heartbeat.js';
import type { Database, HeartbeatRun, NewHeartbeatRun } from '../database.js';
import { pageOf, pageWindow, type Page, type PageRequest } from './pages.js';

export interface RunFilter {
  projectId: string;
  heartbeatId?: string;
  memberId?: string;
  botId?: string;
  status?: RunStatus;
  from?: Date;
  to?: Date;
}

function filtered<O>(qb: SelectQueryBuilder<Database, 'heartbeat_runs', O>, f: RunFilter) {
  let q = qb.where('project_id', '=', f.projectId);
  if (f.heartbeatId) q = q.where('heartbeat_id', '=', f.heartbeatId);
  if (f.memberId) q = q.where('member_id', '=', f.memberId);
  if (f.botId) q = q.where('bot_id', '=', f.botId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<=', f.to);
  return q;
}

/** Adds a new run to its day's totals (in the transaction that wrote the run). */
export async function addToDailyTotals(trx: Kysely<Database>, run: NewHeartbeatRun, at: Date): Promise<void> {
  await trx
    .insertInto('heartbeat_run_days')
    .values({
      project_id: run.project_id,
      day: at.toISOString().slice(0, 10),
      bot_id: run.bot_id,
      heartbeat_id: run.heartbeat_id,
      member_id: run.member_id ?? null,
      status: run.status,
      type: run.type,
      runs: 1,
      tokens: run.tokens_used ?? 0,
      credits: run.credits_charged ?? 0,
      duration_ms: run.duration_ms ?? 0,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'day', 'heartbeat_id', 'status', 'type', 'bot_id', 'member_id']).doUpdateSet((eb) => ({
        runs: eb('heartbeat_run_days.runs', '+', 1),
        tokens: eb('heartbeat_run_days.tokens', '+', eb.ref('excluded.tokens')),
        credits: eb('heartbeat_run_days.credits', '+', eb.ref('excluded.credits')),
        duration_ms: eb('heartbeat_run_days.duration_ms', '+', eb.ref('excluded.duration_ms')),
      })),
    )
    .execute();
}

type DayFilter = Omit<RunFilter, 'from' | 'to'> & { fromDay?: string; toDay?: string };

function dayFiltered<O>(qb: SelectQueryBuilder<Database, 'heartbeat_run_days', O>, f: DayFilter) {
  let q = qb.where('project_id', '=', f.projectId);
  if (f.heartbeatId) q = q.where('heartbeat_id', '=', f.heartbeatId);
  if (f.memberId) q = q.where('member_id', '=', f.memberId);
  if (f.botId) q = q.where('bot_id', '=', f.botId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.fromDay) q = q.where('day', '>=', f.fromDay);
  if (f.toDay) q = q.where('day', '<=', f.toDay);
  return q;
}

async function exactCount(db: Db, f: RunFilter): Promise<number> {
  const row = await filtered(
    db.selectFrom('heartbeat_runs').select((eb) => eb.fn.countAll<number>().as('total')),
    f,
  ).executeTakeFirstOrThrow();
  return row.total;
}

async function countFromDays(db: Db, f: DayFilter): Promise<number> {
  const row = await dayFiltered(
    db.selectFrom('heartbeat_run_days').select(sql<number>`coalesce(sum(runs), 0)::int`.as('total')),
    f,
  ).executeTakeFirstOrThrow();
  return row.total;
}

/**
 * How many runs match: whole days come from the daily totals, the partial days at the edges of
 * a `from`/`to` range are counted exactly.
 */
export async function countRuns(db: Db, f: RunFilter): Promise<number> {
  if (!f.from && !f.to) return countFromDays(db, f);
  const utcDay = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' }).startOf('day');
  const firstWhole = f.from
    ? utcDay(f.from).toMillis() === f.from.getTime()
      ? utcDay(f.from)
      : utcDay(f.from).plus({ days: 1 })
    : undefined;
  const lastWhole = f.to ? utcDay(f.to).minus({ days: 1 }) : undefined;
  if (firstWhole && lastWhole && firstWhole > lastWhole) return exactCount(db, f);
  const [middle, head, tail] = await Promise.all([
    countFromDays(db, {
      ...f,
      fromDay: firstWhole?.toISODate() ?? undefined,
      toDay: lastWhole?.toISODate() ?? undefined,
    }),
    firstWhole && f.from!.getTime() < firstWhole.toMillis()
      ? exactCount(db, { ...f, to: new Date(firstWhole.toMillis() - 1) })
      : 0,
    lastWhole ? exactCount(db, { ...f, from: lastWhole.plus({ days: 1 }).toJSDate() }) : 0,
  ]);
  return middle + head + tail;
}

/** A page of runs, newest first, and how many match in all. */
export function pageRuns(db: Db, f: RunFilter, req: PageRequest): Promise<Page<HeartbeatRun>> {
  const { limit, offset } = pageWindow(req);
  return pageOf(
    req,
    filtered(db.selectFrom('heartbeat_runs').selectAll(), f)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    countRuns(db, f),
  );
}

/** Writes a run's row once per run key; undefined when a row with that key already exists. */
export async function insertRunOnce(db: Db, run: NewHeartbeatRun): Promise<{ id: string } | undefined> {
  return db
    .insertInto('heartbeat_runs')
    .values(run)
    .onConflict((oc) => oc.column('run_key').doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** A heartbeat's latest successful runs since `since`, newest first (its conversation of the day). */
export function recentSuccessfulRuns(
  db: Db,
  q: { projectId: string; heartbeatId: string; since: Date; excludeRunKey: string; limit: number },
) {
  return db
    .selectFrom('heartbeat_runs')
    .select(['prompt', 'response'])
    .where('project_id', '=', q.projectId)
    .where('heartbeat_id', '=', q.heartbeatId)
    .where('status', '=', 'success')
    .where('created_at', '>=', q.since)
    .where('run_key', '<>', q.excludeRunKey)
    .orderBy('created_at', 'desc')
    .limit(q.limit)
    .execute();
}

export interface DayTotals {
  day: string; // YYYY-MM-DD (UTC)
  status: RunStatus;
  type: RunType;
  runs: number;
  tokens: number;
  credits: number;
  duration: number;
}

/** Per UTC day, status and type: counts and sums, from the daily totals. */
export async function runTotalsByDay(db: Db, f: DayFilter & { fromDay: string }): Promise<DayTotals[]> {
  return dayFiltered(
    db
      .selectFrom('heartbeat_run_days')
      .select([
        sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
        'status',
        'type',
        sql<number>`sum(runs)::int`.as('runs'),
        sql<number>`sum(tokens)::bigint`.as('tokens'),
        sql<number>`sum(credits)::bigint`.as('credits'),
        sql<number>`sum(duration_ms)::bigint`.as('duration'),
      ]),
    f,
  )
    .groupBy(['day', 'status', 'type'])
    .execute();
}
