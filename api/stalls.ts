/**
 * The stall alarm, from outside the workflows, so it catches one that is stuck, terminated or
 * lost: a heartbeat whose next run is more than two intervals (cron: 10 minutes) overdue with
 * nothing recorded since, or whose workflow ended without a delete, is marked `stalled`, alerted
 * once (`heartbeat.stalled`) and counted. The reconciler runs it every pass.
 */
import { countStalled, markStalled, overdueHeartbeats, watchedHeartbeats } from '../db/queries/stalls.js';
import type { WatchedHeartbeat } from '../db/queries/stalls.js';
import { storeSubscribedAlerts } from '../db/queries/alerts.js';
import { stalledAlert } from '../domain/alerts.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { AlertSender } from './alert-sender.js';
import type { SyncDeps } from './reconciler.js';
import type { WorkflowPresence } from './temporal.js';

export interface StallDeps extends SyncDeps {
  now: () => Date;
  metrics?: Metrics;
  /** Sends the alerts raised to their bots' webhooks (the API's own sender: workers may be down). */
  alerts?: AlertSender;
}

/** Heartbeats looked at per pass, at most: a fleet found stalled at once is marked over a few passes. */
const PER_PASS = 50;

const ENDED_WORDS: Record<string, string> = {
  TERMINATED: 'was terminated',
  TIMED_OUT: 'timed out',
  FAILED: 'failed',
  CANCELLED: 'was cancelled',
  COMPLETED: 'completed',
};

/** Why the heartbeat is stalled, or null when its workflow is busy or back. */
function stallReason(row: WatchedHeartbeat, presence: WorkflowPresence, overdue: boolean): string | null {
  if (presence.state === 'absent') return 'its workflow does not exist in Temporal (lost or deleted)';
  if (presence.state === 'ended') {
    const when = presence.at ? ` at ${presence.at.toISOString()}` : '';
    return `its workflow ${ENDED_WORDS[presence.status] ?? presence.status.toLowerCase()}${when}`;
  }
  // Running: a long run is not a stall, and a workflow found again by visibility is back.
  if (!overdue || presence.busy) return null;
  return `its next run was due at ${row.next_run_at?.toISOString()} and nothing has run or been recorded since: no worker is running it`;
}

/**
 * One look: overdue heartbeats, and those whose workflow ended without a delete since `since`
 * (Temporal's visibility: found at once, however long their interval). Each is checked against its
 * workflow before it is marked; marking is guarded, so API processes looking at once alert once.
 */
export async function watchForStalls(deps: StallDeps, since: Date): Promise<{ found: number; stalled: number }> {
  const now = deps.now();
  const overdue = await overdueHeartbeats(deps.db, now, PER_PASS);
  const endedIds = await deps.temporal.endedSince(since).catch((err: unknown) => {
    deps.log('stall watch: could not list ended workflows', err);
    return [] as string[];
  });
  const overdueIds = new Set(overdue.map((r) => r.id));
  const ended = await watchedHeartbeats(
    deps.db,
    endedIds.filter((id) => !overdueIds.has(id)),
  );
  let found = 0;
  for (const row of [...overdue, ...ended].slice(0, PER_PASS)) {
    try {
      const reason = stallReason(row, await deps.temporal.describe(row.id), overdueIds.has(row.id));
      if (reason && (await markStalled(deps.db, row, reason, now))) {
        found++;
        deps.metrics?.stalls.inc();
        await alertStall(deps, row, reason);
      }
    } catch (err) {
      deps.log(`stall watch: heartbeat ${row.id} could not be checked`, err);
    }
  }
  const stalled = await countStalled(deps.db);
  deps.metrics?.stalled.set(stalled);
  return { found, stalled };
}

async function alertStall(deps: StallDeps, row: WatchedHeartbeat, reason: string): Promise<void> {
  const alert = stalledAlert(
    { project_id: row.project_id, bot_id: row.bot_id, heartbeat_id: row.id },
    { version: row.version, next_run_at: row.next_run_at?.toISOString() ?? null, reason },
  );
  deps.alerts?.send(await storeSubscribedAlerts(deps.db, [alert]));
}
