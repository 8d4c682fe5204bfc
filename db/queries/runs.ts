import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../client.js';
import type { Database, HeartbeatRun } from '../database.js';

export interface RunFilter {
  projectId: string;
  heartbeatId?: string;
  memberId?: string;
  botId?: string;
  status?: 'success' | 'error' | 'skipped';
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

/** A page of runs, newest first, and how many match in all. */
export async function listRuns(
  db: Db,
  f: RunFilter,
  page: number,
  perPage: number,
): Promise<{ rows: HeartbeatRun[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db.selectFrom('heartbeat_runs').selectAll(), f)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
    filtered(
      db.selectFrom('heartbeat_runs').select((eb) => eb.fn.countAll<number>().as('total')),
      f,
    ).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}

export interface DayTotals {
  day: string; // YYYY-MM-DD (UTC)
  status: 'success' | 'error' | 'skipped';
  type: 'heartbeat' | 'manual';
  runs: number;
  tokens: number;
  credits: number;
  duration: number;
}

/** Per UTC day, status and type: counts and sums, from `since` on. */
export async function runTotalsByDay(db: Db, f: RunFilter & { from: Date }): Promise<DayTotals[]> {
  const day = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`;
  return filtered(
    db
      .selectFrom('heartbeat_runs')
      .select((eb) => [
        day.as('day'),
        'status',
        'type',
        eb.fn.countAll<number>().as('runs'),
        sql<number>`coalesce(sum(tokens_used), 0)`.as('tokens'),
        sql<number>`coalesce(sum(credits_charged), 0)`.as('credits'),
        sql<number>`coalesce(sum(duration_ms), 0)`.as('duration'),
      ]),
    f,
  )
    .groupBy([day, 'status', 'type'])
    .execute();
}
