/**
 * The heartbeat row's runtime status as the workflow writes it, and the one version guard on it:
 * only the workflow running the row's current version may write, so a stale run never overwrites
 * a newer configuration's state.
 */
import type { ExpressionBuilder } from 'kysely';
import type { HeartbeatStatus } from '../../domain/heartbeat.js';
import type { Db } from '../client.js';
import type { Database } from '../database.js';

/**
 * The status columns set to `s` while the row is on `s.version`, and left as they are otherwise.
 * The guard is in the values rather than a WHERE, so the run's write can carry it beside the
 * counters every version updates.
 */
export function guardedStatus(eb: ExpressionBuilder<Database, 'heartbeats'>, s: HeartbeatStatus) {
  const onVersion = () => eb.case().when('heartbeats.version', '=', s.version);
  return {
    state: onVersion().then(s.state).else(eb.ref('heartbeats.state')).end(),
    // A workflow told to stop by a new version (a plan change, the bot's heartbeat turned off)
    // does not know why; the reason the API wrote on that version stays until it runs again.
    paused_reason: onVersion()
      .then(s.enabled || s.paused_reason !== null ? eb.val(s.paused_reason) : eb.ref('heartbeats.paused_reason'))
      .else(eb.ref('heartbeats.paused_reason'))
      .end(),
    consecutive_errors: onVersion().then(s.consecutive_errors).else(eb.ref('heartbeats.consecutive_errors')).end(),
    next_run_at: onVersion()
      .then(s.next_run_at ? new Date(s.next_run_at) : null)
      .else(eb.ref('heartbeats.next_run_at'))
      .end(),
    // What the workflow does is the truth for its version (an enable or disable sent from the
    // Temporal Web UI included), and nothing is left for the reconciler to send.
    enabled: onVersion().then(s.enabled).else(eb.ref('heartbeats.enabled')).end(),
    synced_enabled: onVersion().then(s.enabled).else(eb.ref('heartbeats.synced_enabled')).end(),
    // Only an adaptive heartbeat says why its next run is when it is.
    ...(s.next_run_reason !== undefined && {
      next_run_reason: onVersion().then(s.next_run_reason).else(eb.ref('heartbeats.next_run_reason')).end(),
    }),
    // A workflow that writes its status is running it: whatever was found stalled no longer is.
    stalled_at: onVersion().then(null).else(eb.ref('heartbeats.stalled_at')).end(),
    stall_reason: onVersion().then(null).else(eb.ref('heartbeats.stall_reason')).end(),
  };
}

/** Mirrors the workflow's view (state, error streak, pause reason, next run) onto the heartbeat row. */
export async function saveRuntimeStatus(db: Db, s: HeartbeatStatus): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set((eb) => guardedStatus(eb, s))
    .where('id', '=', s.heartbeat_id)
    .execute();
}
