import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import { runTotalsByDay, type RunFilter } from '../../db/queries/runs.js';

/**
 * Aggregates over the last `days` UTC days, today included: counts by status and type, tokens,
 * credits, a zero-filled daily series (oldest first) and the heartbeats enabled now.
 */
export async function heartbeatStats(
  db: Db,
  filter: Omit<RunFilter, 'from' | 'to' | 'status'>,
  days: number,
  now: Date,
) {
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  const first = today.minus({ days: days - 1 });
  let active = db
    .selectFrom('heartbeats')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', filter.projectId)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null);
  if (filter.heartbeatId) active = active.where('id', '=', filter.heartbeatId);
  if (filter.memberId) active = active.where('member_id', '=', filter.memberId);
  if (filter.botId) active = active.where('bot_id', '=', filter.botId);

  const [totals, activeRow] = await Promise.all([
    runTotalsByDay(db, { ...filter, fromDay: first.toISODate()! }),
    active.executeTakeFirstOrThrow(),
  ]);

  const series = new Map<string, { date: string; total: number; success: number; error: number; skipped: number }>();
  for (let d = first; d <= today; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!;
    series.set(date, { date, total: 0, success: 0, error: 0, skipped: 0 });
  }
  const count = { success: 0, error: 0, skipped: 0 };
  const byType: Record<string, number> = { heartbeat: 0, manual: 0 };
  let tokens = 0;
  let credits = 0;
  let duration = 0;
  for (const t of totals) {
    count[t.status] += t.runs;
    byType[t.type] = (byType[t.type] ?? 0) + t.runs;
    tokens += t.tokens;
    credits += t.credits;
    if (t.status !== 'skipped') duration += t.duration;
    const entry = series.get(t.day);
    if (entry) {
      entry.total += t.runs;
      entry[t.status] += t.runs;
    }
  }
  const ran = count.success + count.error;
  return {
    total_executions: count.success + count.error + count.skipped,
    success_count: count.success,
    error_count: count.error,
    skipped_count: count.skipped,
    success_rate: ran === 0 ? 0 : count.success / ran,
    total_tokens: tokens,
    total_credits: credits,
    avg_duration_ms: ran === 0 ? 0 : Math.round(duration / ran),
    active_heartbeats: activeRow.n,
    by_type: byType,
    time_series: [...series.values()],
  };
}
