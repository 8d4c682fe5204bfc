/**
 * API ↔ database ↔ workflow never diverge for long: every change is saved to the row first,
 * then sent to the workflow; what could not be sent is sent again by the reconciler (at start-up,
 * every few seconds, and on read).
 */
import type { Heartbeat } from '../db/database.js';
import {
  isTombstoned,
  markDeleted,
  markSynced,
  purgeDeletedHeartbeat,
  unsyncedHeartbeats,
} from '../db/queries/heartbeats.js';
import type { ServiceDeps } from './deps.js';
import { ApiError } from './errors.js';
import { watchForStalls, type StallDeps } from './stalls.js';
import { HeartbeatGoneError, TemporalBusyError, TemporalUnavailableError } from './temporal.js';

/** What keeping workflows in line with rows needs. */
export type SyncDeps = Pick<ServiceDeps, 'db' | 'temporal' | 'log'>;

/**
 * Brings the workflow in line with the row: configuration first, then the enabled flag, then
 * deletion. Marks the row synced only for exactly what was sent, so a change made meanwhile
 * is sent again by the next call (the reconciler's or a request's). A copy of a row read before
 * its heartbeat was deleted starts nothing: the tombstone says so, or Temporal refuses to start a
 * workflow that a delete completed.
 */
export async function syncHeartbeat(deps: SyncDeps, row: Heartbeat): Promise<void> {
  if (row.deleted_at) {
    await deps.temporal.remove(row.id);
    await purgeDeletedHeartbeat(deps.db, row.id);
    return;
  }
  if (!needsSync(row) || (await isTombstoned(deps.db, row.id))) return;
  try {
    if (row.synced_version < row.version) await deps.temporal.configure(row);
    else await deps.temporal.setEnabled(row);
  } catch (err) {
    if (!(err instanceof HeartbeatGoneError)) throw err;
    // Its workflow ended with a delete: the heartbeat is deleted, whatever this row says.
    await markDeleted(deps.db, row.id);
    await purgeDeletedHeartbeat(deps.db, row.id);
    return;
  }
  await markSynced(deps.db, row);
}

export function needsSync(row: Heartbeat): boolean {
  return row.synced_version < row.version || row.synced_enabled !== row.enabled || row.deleted_at !== null;
}

const isTemporalFault = (err: unknown) => err instanceof TemporalUnavailableError || err instanceof TemporalBusyError;

/**
 * The change is saved; if Temporal cannot be told now, the client hears 503 and the reconciler
 * applies it later. Any other failure (the database's, say) is reported as what it is.
 */
export async function syncOrUnavailable(deps: SyncDeps, row: Heartbeat): Promise<void> {
  try {
    await syncHeartbeat(deps, row);
  } catch (err) {
    if (!isTemporalFault(err)) throw err;
    deps.log(
      `heartbeat ${row.id}: scheduler unreachable; the change is saved and will be applied when it is back`,
      err,
    );
    throw new ApiError(
      'temporal_unavailable',
      'The change is saved, but the scheduler (Temporal) is unreachable; it will be applied as soon as it is back.',
    );
  }
}

/** Tries now and leaves the rest to the reconciler, with a log line for what failed. */
export async function syncOrDefer(deps: SyncDeps, rows: Heartbeat[], why: string): Promise<void> {
  for (const row of rows) {
    await syncHeartbeat(deps, row).catch((err: unknown) =>
      deps.log(`heartbeat ${row.id}: ${why}: deferred to the reconciler`, err),
    );
  }
}

/** Heals every row the workflows have not caught up with. */
export async function reconcileHeartbeats(deps: SyncDeps, limit = 200): Promise<{ synced: number; failed: number }> {
  const rows = await unsyncedHeartbeats(deps.db, limit);
  let synced = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      await syncHeartbeat(deps, row);
      synced++;
    } catch (err) {
      failed++;
      deps.log(`reconcile heartbeat ${row.id} failed`, err);
    }
  }
  return { synced, failed };
}

/** How far back the first stall watch looks for workflows that ended (later ones look since the last). */
const FIRST_LOOK_BACK_MS = 60 * 60_000;
/** Visibility lags a little behind a workflow's end: each watch looks this much further back. */
const VISIBILITY_LAG_MS = 60_000;

export type ReconcileReport = { synced: number; failed: number; found?: number; stalled?: number } | { error: unknown };

/**
 * Reconciles now and every `everyMs`, one pass at a time, until stopped; with `stalls`, each pass
 * also watches for stalled heartbeats (api/stalls.ts).
 */
export function startReconciler(
  deps: SyncDeps,
  everyMs: number,
  report: (result: ReconcileReport) => void,
  stalls?: StallDeps,
) {
  let pass: Promise<unknown> = Promise.resolve();
  let running = false;
  let since = new Date(Date.now() - FIRST_LOOK_BACK_MS);
  const watch = async () => {
    if (!stalls) return {};
    const started = stalls.now();
    const result = await watchForStalls(stalls, since);
    since = new Date(started.getTime() - VISIBILITY_LAG_MS);
    return result;
  };
  const tick = () => {
    if (running) return;
    running = true;
    pass = reconcileHeartbeats(deps)
      .then(async (synced) => ({ ...synced, ...(await watch()) }))
      .then(report, (error: unknown) => report({ error }))
      .finally(() => (running = false));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
