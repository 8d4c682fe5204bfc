import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { addToDailyTotals } from '../db/queries/runs.js';
import { billingPeriod } from './billing.js';
import type { HeartbeatStatusInput, RecordRunInput, RecordedRun } from './types.js';

/**
 * Writes the run's log row and, in the same transaction, its effect on the heartbeat's
 * counters and credits. Idempotent on the run key: a retry finds the row and changes nothing,
 * so a run is never logged or charged twice.
 */
export async function recordRun(db: Db, input: RecordRunInput): Promise<RecordedRun> {
  const now = new Date(input.at);
  // Only the run's columns: callers pass richer objects (an agent outcome, say).
  const row = {
    run_key: input.run_key,
    heartbeat_id: input.heartbeat_id,
    project_id: input.project_id,
    bot_id: input.bot_id,
    member_id: input.member_id,
    type: input.type,
    status: input.status,
    reason: input.reason,
    missed_count: input.missed_count,
    prompt: input.prompt,
    response: input.response,
    error_message: input.error_message,
    duration_ms: input.duration_ms,
    tokens_used: input.tokens_used,
    credits_charged: input.credits_charged,
    scheduled_for: input.scheduled_for,
  };
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('heartbeat_runs')
      .values({ ...row, created_at: now })
      .onConflict((oc) => oc.column('run_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) await addToDailyTotals(trx, row, now);
    const heartbeat = await trx
      .selectFrom('heartbeats')
      .innerJoin('projects', 'projects.id', 'heartbeats.project_id')
      .select(['heartbeats.credits_used', 'heartbeats.credits_period_start', 'projects.billing_anchor'])
      .where('heartbeats.id', '=', input.heartbeat_id)
      .forUpdate()
      .executeTakeFirst();
    if (!heartbeat) return { recorded: inserted !== undefined, credits_used: 0 };
    const period = billingPeriod(heartbeat.billing_anchor, now).start;
    const carried = heartbeat.credits_period_start?.getTime() === period.getTime() ? heartbeat.credits_used : 0;
    if (!inserted) return { recorded: false, credits_used: carried };

    const ran = input.status !== 'skipped';
    const creditsUsed = carried + input.credits_charged;
    await trx
      .updateTable('heartbeats')
      .set({
        credits_used: creditsUsed,
        credits_period_start: period,
        ...(ran && {
          execution_count: sql<number>`execution_count + 1`,
          error_count: input.status === 'error' ? sql<number>`error_count + 1` : sql<number>`error_count`,
          last_executed_at: now,
          last_status: input.status,
        }),
      })
      .where('id', '=', input.heartbeat_id)
      .execute();
    return { recorded: true, credits_used: creditsUsed };
  });
}

/**
 * Mirrors the workflow's view (state, error streak, pause reason) onto the heartbeat row.
 * Only the workflow running the row's current version may write, so a stale run never
 * overwrites a newer configuration's state.
 */
export async function saveHeartbeatStatus(db: Db, input: HeartbeatStatusInput): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set({
      state: input.state,
      paused_reason: input.paused_reason,
      consecutive_errors: input.consecutive_errors,
      // The workflow already knows it paused itself: nothing for the reconciler to send.
      ...(input.auto_paused && { enabled: false, synced_enabled: false }),
    })
    .where('id', '=', input.heartbeat_id)
    .where('version', '=', input.version)
    .execute();
}
