import type { HeartbeatStatusInput, RecordRunInput, RecordedRun } from '../contract/activities.js';
import { billingPeriod, creditsInPeriod } from '../domain/billing.js';
import type { Db } from '../db/client.js';
import { addRunToCounters, creditCounter, saveRuntimeStatus } from '../db/queries/heartbeats.js';
import { addToDailyTotals, insertRunOnce } from '../db/queries/runs.js';

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
    const inserted = await insertRunOnce(trx, { ...row, created_at: now });
    if (inserted) await addToDailyTotals(trx, row, now);
    const counter = await creditCounter(trx, input.heartbeat_id, { forUpdate: true });
    if (!counter) return { recorded: inserted !== undefined, credits_used: 0 };
    const carried = creditsInPeriod(counter, counter.billing_anchor, now);
    if (!inserted) return { recorded: false, credits_used: carried };
    const creditsUsed = carried + input.credits_charged;
    await addRunToCounters(trx, input.heartbeat_id, {
      status: input.status,
      credits_used: creditsUsed,
      period_start: billingPeriod(counter.billing_anchor, now).start,
      at: now,
    });
    return { recorded: true, credits_used: creditsUsed };
  });
}

/** Mirrors the workflow's view (state, error streak, pause reason) onto the heartbeat row. */
export async function saveHeartbeatStatus(db: Db, input: HeartbeatStatusInput): Promise<void> {
  await saveRuntimeStatus(db, input);
}
