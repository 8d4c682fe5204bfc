/** SQL for runs: the one-round-trip run write, and the paged, filtered history with its totals. */
import { sql, type SelectQueryBuilder } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../client.js';
import type { HeartbeatStatus, RunStatus, RunType } from '../../domain/heartbeat.js';
import type { OutcomeFilter } from '../../domain/outcome.js';
import type { Database, HeartbeatRun, NewHeartbeatRun } from '../database.js';
import { guardedStatus } from './heartbeat-status.js';
import { pageInfo, pageOf, pageWindow, type Page, type PageRequest } from './pages.js';

export interface RunFilter {
  projectId: string;
  heartbeatId?: string;
  memberId?: string;
  botId?: string;
  status?: RunStatus;
  type?: RunType;
  /** An outcome, or `unreported`: runs that ran and reported none. */
  outcome?: OutcomeFilter;
  runKey?: string;
  from?: Date;
  to?: Date;
}

type DayFilter = Omit<RunFilter, 'from' | 'to' | 'runKey'> & { fromDay?: string; toDay?: string };

/** The filter's columns that the runs and their daily totals both have, by the filter's names. */
const SHARED_COLUMNS = {
  heartbeatId: 'heartbeat_id',
  memberId: 'member_id',
  botId: 'bot_id',
  status: 'status',
  type: 'type',
} as const;

/** The project and the shared columns, on either table (both spell them alike). */
function scoped<T extends 'heartbeat_runs' | 'heartbeat_run_days', O>(
  qb: SelectQueryBuilder<Database, T, O>,
  f: DayFilter,
): SelectQueryBuilder<Database, T, O> {
  let q = (qb as unknown as SelectQueryBuilder<Database, 'heartbeat_run_days', O>).where(
    'project_id',
    '=',
    f.projectId,
  );
  for (const [key, column] of Object.entries(SHARED_COLUMNS) as Array<[keyof typeof SHARED_COLUMNS, string]>) {
    const value = f[key];
    if (value) q = q.where(column as 'bot_id', '=', value);
  }
  return q as unknown as SelectQueryBuilder<Database, T, O>;
}

function filtered<O>(qb: SelectQueryBuilder<Database, 'heartbeat_runs', O>, f: RunFilter) {
  let q = scoped(qb, f);
  if (f.runKey) q = q.where('run_key', '=', f.runKey);
  if (f.outcome === 'unreported') q = q.where('outcome', 'is', null).where('status', '<>', 'skipped');
  else if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<=', f.to);
  return q;
}

function dayFiltered<O>(qb: SelectQueryBuilder<Database, 'heartbeat_run_days', O>, f: DayFilter) {
  let q = scoped(qb, f);
  if (f.fromDay) q = q.where('day', '>=', f.fromDay);
  if (f.toDay) q = q.where('day', '<=', f.toDay);
  if (f.outcome === 'unreported') q = q.where('status', '<>', 'skipped');
  return q;
}

/** How many runs the daily totals' rows hold that match the filter's outcome (all, without one). */
function dayRuns(f: Pick<RunFilter, 'outcome'>) {
  if (f.outcome === 'unreported')
    return sql<number>`coalesce(sum(runs - nothing_to_report - progress - needs_attention), 0)::int`;
  if (f.outcome) return sql<number>`coalesce(sum(${sql.ref(f.outcome)}), 0)::int`;
  return sql<number>`coalesce(sum(runs), 0)::int`;
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
    db.selectFrom('heartbeat_run_days').select(dayRuns(f).as('total')),
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
export async function pageRuns(
  db: Db,
  f: RunFilter,
  req: PageRequest & { after?: string },
): Promise<Page<HeartbeatRun>> {
  const { limit, offset } = pageWindow(req);
  // One row more than the page says whether another page follows (its keyset cursor).
  const rowsOf = (q: Db) => {
    let rows = filtered(q.selectFrom('heartbeat_runs').selectAll(), f);
    if (req.after) rows = rows.where(afterRun(f.projectId, req.after));
    return rows
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .offset(req.after ? 0 : offset);
  };
  const paged = <T extends { id: string }>(rows: T[]) => ({
    rows: rows.slice(0, limit),
    next: rows.length > limit ? rows[limit - 1]!.id : undefined,
  });
  if (f.from || f.to || f.runKey) {
    const page = await pageOf(
      db,
      req,
      (q) => rowsOf(q).execute(),
      (q) => countRuns(q, f),
    );
    return { ...page, ...paged(page.rows) };
  }
  const withTotal = await rowsOf(db)
    .select(() => dayFiltered(db.selectFrom('heartbeat_run_days').select(dayRuns(f).as('t')), f).as('total_runs'))
    .execute();
  if (withTotal.length === 0) return { rows: [], pagination: pageInfo(req, await countFromDays(db, f)) };
  const total = Number(withTotal[0]!.total_runs);
  return { ...paged(withTotal.map(({ total_runs: _, ...row }) => row)), pagination: pageInfo(req, total) };
}

/** Runs recorded before run `after` (newest first: the rows a keyset page continues with). */
function afterRun(projectId: string, after: string) {
  return sql<boolean>`(heartbeat_runs.created_at, heartbeat_runs.id) < (select c.created_at, c.id from heartbeat_runs c where c.id = ${after} and c.project_id = ${projectId})`;
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
  nothing_to_report: number;
  progress: number;
  needs_attention: number;
  precheck_skips: number;
  triage_ends: number;
  triage_credits: number;
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
        ...TALLY_COLUMNS.map((c) => sql<number>`sum(${sql.ref(c)})::bigint`.as(c)),
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
  /** The heartbeat's status after the run, saved only while the row is on its version. */
  status?: HeartbeatStatus;
  /** The run's notifications are held back by its heartbeat's notify_policy: marked suppressed. */
  holdNotifications?: boolean;
  /** An attempt of the run left a note in `run_attempts`: removed with the row. */
  forgetAttempts?: boolean;
}

/**
 * Records a run in one statement, so it is atomic without an explicit transaction and costs one
 * round trip: the run row (once per run key) and an optional `missed` row, the daily totals, and
 * the heartbeat's counters, credits and status. A run key seen before changes nothing.
 * No lock is taken beyond the heartbeat's own row and its daily-totals rows, so runs of
 * different heartbeats of one project never wait for each other.
 */
export async function recordRunWithEffects(
  db: Db,
  w: RunWrite,
): Promise<{ inserted: boolean; credits_used: number | null }> {
  const period = w.periodStart;
  const runKey = w.run.run_key;
  const day = sql<string>`(created_at at time zone 'UTC')::date`;
  // Outcome and saving counts only when the run has one: a plain run's statement is as it was.
  const tallied = w.run.outcome != null || w.run.escalated != null || w.run.reason === 'nothing_changed';
  const base = db
    .with('ins', (q) =>
      q
        .insertInto('heartbeat_runs')
        .values(w.missed ? [w.run, w.missed] : [w.run])
        .onConflict((oc) => oc.column('run_key').doNothing())
        .returning(tallied ? TALLIED_RETURNS : RUN_RETURNS),
    )
    .with('days', (q) =>
      q
        .insertInto('heartbeat_run_days')
        .columns([
          'project_id',
          'day',
          'bot_id',
          'heartbeat_id',
          'member_id',
          'status',
          'type',
          'runs',
          'tokens',
          'credits',
          'duration_ms',
          ...(tallied ? TALLY_COLUMNS : []),
        ])
        .expression((eb) =>
          eb
            .selectFrom('ins')
            .select((s) => [
              'project_id',
              day.as('day'),
              'bot_id',
              'heartbeat_id',
              'member_id',
              'status',
              'type',
              s.fn.countAll<number>().as('runs'),
              s.fn.sum<number>('tokens_used').as('tokens'),
              s.fn.sum<number>('credits_charged').as('credits'),
              s.fn.sum<number>('duration_ms').as('duration_ms'),
              ...(tallied ? tallySums() : []),
            ])
            .groupBy(['project_id', day, 'bot_id', 'heartbeat_id', 'member_id', 'status', 'type']),
        )
        .onConflict((oc) =>
          oc
            .columns(['project_id', 'day', 'heartbeat_id', 'status', 'type', 'bot_id', 'member_id'])
            .doUpdateSet((eb) => ({
              runs: eb('heartbeat_run_days.runs', '+', eb.ref('excluded.runs')),
              tokens: eb('heartbeat_run_days.tokens', '+', eb.ref('excluded.tokens')),
              credits: eb('heartbeat_run_days.credits', '+', eb.ref('excluded.credits')),
              duration_ms: eb('heartbeat_run_days.duration_ms', '+', eb.ref('excluded.duration_ms')),
              ...(tallied &&
                Object.fromEntries(
                  TALLY_COLUMNS.map((c) => [c, eb(`heartbeat_run_days.${c}`, '+', eb.ref(`excluded.${c}`))]),
                )),
            })),
        )
        .returning(sql<number>`1`.as('one')),
    )
    .with('counters', (q) =>
      q
        .updateTable('heartbeats')
        .from('ins')
        .set((eb) => {
          const ran = eb('ins.status', '<>', 'skipped');
          const counters = {
            credits_used: eb
              .case()
              .when('heartbeats.credits_period_start', '=', period)
              .then(eb('heartbeats.credits_used', '+', eb.ref('ins.credits_charged')))
              .when(
                eb.or([
                  eb('heartbeats.credits_period_start', 'is', null),
                  eb('heartbeats.credits_period_start', '<', period),
                ]),
              )
              .then(eb.ref('ins.credits_charged'))
              .else(eb.ref('heartbeats.credits_used'))
              .end(),
            credits_period_start: eb.fn<Date>('greatest', [
              eb.fn.coalesce('heartbeats.credits_period_start', eb.val(period)),
              eb.val(period),
            ]),
            execution_count: eb('heartbeats.execution_count', '+', eb.case().when(ran).then(1).else(0).end()),
            error_count: eb(
              'heartbeats.error_count',
              '+',
              eb.case().when('ins.status', '=', 'error').then(1).else(0).end(),
            ),
            last_executed_at: eb
              .case()
              .when(ran)
              .then(eb.ref('ins.created_at'))
              .else(eb.ref('heartbeats.last_executed_at'))
              .end(),
            last_status: eb.case().when(ran).then(eb.ref('ins.status')).else(eb.ref('heartbeats.last_status')).end(),
          };
          return w.status ? { ...counters, ...guardedStatus(eb as never, w.status) } : counters;
        })
        .whereRef('heartbeats.id', '=', 'ins.heartbeat_id')
        .where('ins.run_key', '=', runKey)
        .returning('heartbeats.credits_used'),
    );
  // Notifications held back by the heartbeat's notify_policy are marked in the same statement.
  const held = w.holdNotifications
    ? (base.with('held', (q) =>
        q
          .updateTable('notifications')
          .set({ suppressed: true, delivery_status: 'suppressed' })
          .where('run_key', '=', runKey)
          .where(sql<boolean>`exists (select 1 from ins where ins.run_key = ${runKey})`)
          .returning(sql<number>`1`.as('one')),
      ) as unknown as typeof base)
    : base;
  const query = w.forgetAttempts
    ? (held.with('forgotten', (q) =>
        q
          .deleteFrom('run_attempts')
          .where('run_key', '=', runKey)
          .returning(sql<number>`1`.as('one')),
      ) as unknown as typeof base)
    : held;
  const row = await query
    .selectNoFrom((eb) => [
      eb.selectFrom('ins').select(eb.fn.countAll<number>().as('n')).where('ins.run_key', '=', runKey).as('inserted'),
      eb.selectFrom('counters').select('counters.credits_used').as('credits_used'),
      eb.selectFrom('days').select(eb.fn.countAll<number>().as('n')).as('day_rows'),
    ])
    .executeTakeFirstOrThrow();
  return {
    inserted: Number(row.inserted) > 0,
    credits_used: row.credits_used === null ? null : Number(row.credits_used),
  };
}

const RUN_RETURNS = [
  'run_key',
  'project_id',
  'bot_id',
  'heartbeat_id',
  'member_id',
  'status',
  'type',
  'tokens_used',
  'credits_charged',
  'duration_ms',
  'created_at',
] as const;
const TALLIED_RETURNS = [...RUN_RETURNS, 'outcome', 'escalated', 'reason'] as const;

/** The daily totals' counts of outcomes and of runs the cost ladder kept cheap. */
const TALLY_COLUMNS = [
  'nothing_to_report',
  'progress',
  'needs_attention',
  'precheck_skips',
  'triage_ends',
  'triage_credits',
] as const;

/** The tally of the rows just written, in TALLY_COLUMNS' order. */
function tallySums() {
  const count = (when: ReturnType<typeof sql>) => sql<number>`sum(case when ${when} then 1 else 0 end)`;
  return [
    count(sql`outcome = 'nothing_to_report'`).as('nothing_to_report'),
    count(sql`outcome = 'progress'`).as('progress'),
    count(sql`outcome = 'needs_attention'`).as('needs_attention'),
    count(sql`reason = 'nothing_changed'`).as('precheck_skips'),
    count(sql`escalated = false`).as('triage_ends'),
    sql<number>`sum(case when escalated = false then credits_charged else 0 end)`.as('triage_credits'),
  ];
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

/** What an attempt of a run in progress has done, for the attempt after it (activities/attempts.ts). */
export async function noteRunAttempt(db: Db, runKey: string, details: unknown): Promise<void> {
  await db
    .insertInto('run_attempts')
    .values({ run_key: runKey, details: JSON.stringify(details) })
    .onConflict((oc) =>
      oc.column('run_key').doUpdateSet({ details: (eb) => eb.ref('excluded.details'), updated_at: sql`now()` }),
    )
    .execute();
}
