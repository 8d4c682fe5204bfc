import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../client.js';
import type { RunStatus, RunType } from '../../domain/heartbeat.js';
import type { Database, HeartbeatRun, NewHeartbeatRun } from '../database.js';
import { pageInfo, pageOf, pageWindow, type Page, type PageRequest } from './pages.js';

export interface RunFilter {
  projectId: string;
  heartbeatId?: string;
  memberId?: string;
  botId?: string;
  status?: RunStatus;
  type?: RunType;
  runKey?: string;
  from?: Date;
  to?: Date;
}

function filtered<O>(qb: SelectQueryBuilder<Database, 'heartbeat_runs', O>, f: RunFilter) {
  let q = qb.where('project_id', '=', f.projectId);
  if (f.heartbeatId) q = q.where('heartbeat_id', '=', f.heartbeatId);
  if (f.memberId) q = q.where('member_id', '=', f.memberId);
  if (f.botId) q = q.where('bot_id', '=', f.botId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.runKey) q = q.where('run_key', '=', f.runKey);
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

type DayFilter = Omit<RunFilter, 'from' | 'to' | 'runKey'> & { fromDay?: string; toDay?: string };

function dayFiltered<O>(qb: SelectQueryBuilder<Database, 'heartbeat_run_days', O>, f: DayFilter) {
  let q = qb.where('project_id', '=', f.projectId);
  if (f.heartbeatId) q = q.where('heartbeat_id', '=', f.heartbeatId);
  if (f.memberId) q = q.where('member_id', '=', f.memberId);
  if (f.botId) q = q.where('bot_id', '=', f.botId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
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
  // One run at most: counted directly (the daily totals know nothing of run keys).
  if (f.runKey) return exactCount(db, f);
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

/**
 * A page of runs, newest first, and how many match in all. Without a date range the total comes
 * from the daily totals in the same statement as the page: one round trip for the usual read.
 */
export async function pageRuns(db: Db, f: RunFilter, req: PageRequest): Promise<Page<HeartbeatRun>> {
  const { limit, offset } = pageWindow(req);
  const rowsOf = (q: Db) =>
    filtered(q.selectFrom('heartbeat_runs').selectAll(), f)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset);
  if (f.from || f.to || f.runKey)
    return pageOf(
      db,
      req,
      (q) => rowsOf(q).execute(),
      (q) => countRuns(q, f),
    );
  const withTotal = await rowsOf(db)
    .select(() =>
      dayFiltered(db.selectFrom('heartbeat_run_days').select(sql<number>`coalesce(sum(runs), 0)::int`.as('t')), f).as(
        'total_runs',
      ),
    )
    .execute();
  if (withTotal.length === 0) return { rows: [], pagination: pageInfo(req, await countFromDays(db, f)) };
  const total = Number(withTotal[0]!.total_runs);
  return { rows: withTotal.map(({ total_runs: _, ...row }) => row), pagination: pageInfo(req, total) };
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

/** A run row to write, with the effect it has on its heartbeat. */
export interface RunWrite {
  run: NewHeartbeatRun & { created_at: Date };
  /** Written in the same statement: the occurrences missed before this run. */
  missed?: NewHeartbeatRun & { created_at: Date };
  /** The billing period the run's credits are charged to. */
  periodStart: Date;
  /** The heartbeat's status after the run, saved only while the row is on this version. */
  status?: {
    version: number;
    state: string;
    paused_reason: string | null;
    consecutive_errors: number;
    enabled: boolean;
    next_run_at: Date | null;
  };
}

const RUN_COLUMNS = [
  'project_id',
  'bot_id',
  'heartbeat_id',
  'member_id',
  'run_key',
  'type',
  'status',
  'reason',
  'missed_count',
  'prompt',
  'response',
  'error_message',
  'duration_ms',
  'tokens_used',
  'credits_charged',
  'scheduled_for',
  'started_at',
  'attempts',
  'interrupted_attempts',
  'tool_calls',
  'created_at',
] as const;

/** The VALUES of a run row: what is not given takes the column's default. */
function runValues(run: NewHeartbeatRun & { created_at: Date }) {
  return sql.join(
    RUN_COLUMNS.map((column) => {
      const value = (run as Record<string, unknown>)[column];
      return value === undefined ? sql`default` : sql`${value}`;
    }),
  );
}

/**
 * Records a run in one statement, so it is atomic without an explicit transaction and costs one
 * round trip: the run row (once per run key), an optional `missed` row, the daily totals, and
 * the heartbeat's counters, credits and status. A run key seen before changes nothing.
 * No lock is taken beyond the heartbeat's own row and its daily-totals rows, so runs of
 * different heartbeats of one project never wait for each other.
 */
export async function recordRunWithEffects(
  db: Db,
  w: RunWrite,
): Promise<{ inserted: boolean; credits_used: number | null }> {
  const columns = sql.join(RUN_COLUMNS.map((c) => sql.ref(c)));
  const missed = w.missed
    ? sql`, missed as (
        insert into heartbeat_runs (${columns}) values (${runValues(w.missed)})
        on conflict (run_key) do nothing
        returning project_id, bot_id, heartbeat_id, member_id, status, type, tokens_used, credits_charged, duration_ms, created_at)`
    : sql``;
  const written = w.missed ? sql`select * from ins union all select * from missed` : sql`select * from ins`;
  const ran = sql`(ins.status <> 'skipped')`;
  const s = w.status;
  const status = s
    ? sql`,
        state = case when h.version = ${s.version} then ${s.state} else h.state end,
        paused_reason = case when h.version = ${s.version} then ${s.paused_reason} else h.paused_reason end,
        consecutive_errors = case when h.version = ${s.version} then ${s.consecutive_errors} else h.consecutive_errors end,
        next_run_at = case when h.version = ${s.version} then ${s.next_run_at}::timestamptz else h.next_run_at end,
        enabled = case when h.version = ${s.version} then ${s.enabled} else h.enabled end,
        synced_enabled = case when h.version = ${s.version} then ${s.enabled} else h.synced_enabled end`
    : sql``;
  const period = w.periodStart;
  const { rows } = await sql<{ inserted: number; credits_used: number | null }>`
    with ins as (
      insert into heartbeat_runs (${columns}) values (${runValues(w.run)})
      on conflict (run_key) do nothing
      returning project_id, bot_id, heartbeat_id, member_id, status, type, tokens_used, credits_charged, duration_ms, created_at
    )${missed},
    written as (${written}),
    days as (
      insert into heartbeat_run_days (project_id, day, bot_id, heartbeat_id, member_id, status, type, runs, tokens, credits, duration_ms)
      select project_id, (created_at at time zone 'UTC')::date, bot_id, heartbeat_id, member_id, status, type,
        count(*), sum(tokens_used), sum(credits_charged), sum(duration_ms)
      from written
      group by project_id, (created_at at time zone 'UTC')::date, bot_id, heartbeat_id, member_id, status, type
      on conflict (project_id, day, heartbeat_id, status, type, bot_id, member_id) do update set
        runs = heartbeat_run_days.runs + excluded.runs,
        tokens = heartbeat_run_days.tokens + excluded.tokens,
        credits = heartbeat_run_days.credits + excluded.credits,
        duration_ms = heartbeat_run_days.duration_ms + excluded.duration_ms
      returning 1
    ),
    counters as (
      update heartbeats h set
        credits_used = case
          when h.credits_period_start = ${period}::timestamptz then h.credits_used + ins.credits_charged
          when h.credits_period_start is null or h.credits_period_start < ${period}::timestamptz then ins.credits_charged
          else h.credits_used end,
        credits_period_start = greatest(coalesce(h.credits_period_start, ${period}::timestamptz), ${period}::timestamptz),
        execution_count = h.execution_count + ${ran}::int,
        error_count = h.error_count + (ins.status = 'error')::int,
        last_executed_at = case when ${ran} then ins.created_at else h.last_executed_at end,
        last_status = case when ${ran} then ins.status else h.last_status end${status}
      from ins
      where h.id = ins.heartbeat_id
      returning h.credits_used
    )
    select (select count(*) from ins)::int as inserted,
      (select credits_used from counters) as credits_used,
      (select count(*) from days)::int as day_rows`.execute(db);
  const row = rows[0]!;
  return { inserted: row.inserted > 0, credits_used: row.credits_used };
}

/** The row of a run key, if it was written. */
export function findRun(db: Db, runKey: string): Promise<HeartbeatRun | undefined> {
  return db.selectFrom('heartbeat_runs').selectAll().where('run_key', '=', runKey).executeTakeFirst();
}

/** Every run row of a bot (the fault run's accounting). */
export function botRuns(db: Db, botId: string) {
  return db
    .selectFrom('heartbeat_runs')
    .select([
      'heartbeat_id',
      'type',
      'status',
      'reason',
      'missed_count',
      'scheduled_for',
      'started_at',
      'created_at',
      'credits_charged',
      'run_key',
    ])
    .where('bot_id', '=', botId)
    .execute();
}

/** Credits in a bot's daily totals. */
export async function botDayCredits(db: Db, botId: string): Promise<number> {
  const row = await db
    .selectFrom('heartbeat_run_days')
    .select(sql<number>`coalesce(sum(credits), 0)::bigint`.as('c'))
    .where('bot_id', '=', botId)
    .executeTakeFirstOrThrow();
  return Number(row.c);
}
