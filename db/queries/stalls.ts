/** SQL for the stall alarm: heartbeats whose next run is long overdue, and marking them stalled. */
import { sql } from 'kysely';
import type { Db } from '../client.js';

/** What the stall alarm looks at on a heartbeat. */
const WATCHED = ['id', 'project_id', 'bot_id', 'version', 'next_run_at', 'interval_minutes'] as const;

/** Overdue by this much before a heartbeat is suspected: two intervals, or 10 minutes for cron. */
const overdueBy = sql<string>`(case when interval_minutes is null then 10 else 2 * interval_minutes end) * interval '1 minute'`;

/**
 * Live, enabled heartbeats whose workflow has their current version, not found stalled yet, whose
 * next run is more than two intervals (cron: 10 minutes) past: nothing has run or been recorded
 * since, or the workflow would have moved it on. The partial index keeps this to the few overdue.
 */
export function overdueHeartbeats(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('heartbeats')
    .select(WATCHED)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .where('stalled_at', 'is', null)
    .where('next_run_at', '<', new Date(now.getTime() - 2 * 60_000))
    .where(sql<boolean>`next_run_at < ${now}::timestamptz - ${overdueBy}`)
    .whereRef('synced_version', '=', 'version')
    .orderBy('next_run_at')
    .limit(limit)
    .execute();
}

/** Of these heartbeats, those live, enabled and not found stalled yet. */
export function watchedHeartbeats(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('heartbeats')
    .select(WATCHED)
    .where('id', 'in', ids)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .where('stalled_at', 'is', null)
    .whereRef('synced_version', '=', 'version')
    .execute();
}

export type WatchedHeartbeat = Awaited<ReturnType<typeof overdueHeartbeats>>[number];

/**
 * Marks a heartbeat stalled, only while it is as it was seen (same version and next run): a
 * workflow that ran meanwhile, or a change, wins. True when this call marked it.
 */
export async function markStalled(db: Db, seen: WatchedHeartbeat, reason: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('heartbeats')
    .set({ stalled_at: at, stall_reason: reason })
    .where('id', '=', seen.id)
    .where('version', '=', seen.version)
    .where('stalled_at', 'is', null)
    .where(sql<boolean>`next_run_at is not distinct from ${seen.next_run_at}`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** How many live, enabled heartbeats are stalled now. */
export async function countStalled(db: Db): Promise<number> {
  const row = await db
    .selectFrom('heartbeats')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('stalled_at', 'is not', null)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
