/** What heartbeats' latest runs cost: the forecast's pace. */
import { sql } from 'kysely';
import type { Db } from '../client.js';

/**
 * Average credits of each heartbeat's latest `runs` runs (those that ran, and those the precheck
 * skipped for free), in one statement for any number of heartbeats; absent: no runs yet.
 */
export async function recentCreditAverages(
  db: Db,
  projectId: string,
  heartbeatIds: string[],
  runs = 20,
): Promise<Map<string, number>> {
  if (heartbeatIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('heartbeats as h')
    .select('h.id')
    .select((eb) =>
      eb
        .selectFrom((q) =>
          q
            .selectFrom('heartbeat_runs as r')
            .select('r.credits_charged')
            .where('r.project_id', '=', projectId)
            .whereRef('r.heartbeat_id', '=', 'h.id')
            .where((w) => w.or([w('r.status', '<>', 'skipped'), w('r.reason', '=', 'nothing_changed')]))
            .orderBy('r.created_at', 'desc')
            .limit(runs)
            .as('latest'),
        )
        .select(sql<string | null>`avg(latest.credits_charged)`.as('a'))
        .as('average'),
    )
    .where('h.project_id', '=', projectId)
    .where('h.id', 'in', heartbeatIds)
    .execute();
  return new Map(rows.filter((r) => r.average !== null).map((r) => [r.id, Number(r.average)]));
}
