import type { Heartbeat } from '../../db/database.js';
import { ApiError } from '../errors.js';
import type { HeartbeatDeps } from './heartbeats.js';

/**
 * Brings the workflow in line with the row: configuration first, then the enabled flag, then
 * deletion. Marks the row synced only for exactly what was sent, so a change made meanwhile
 * is sent again by the next call (the reconciler's or a request's).
 */
export async function syncHeartbeat(deps: HeartbeatDeps, row: Heartbeat): Promise<void> {
  if (row.deleted_at) {
    await deps.scheduler.remove(row.id);
    await deps.db.deleteFrom('heartbeats').where('id', '=', row.id).where('deleted_at', 'is not', null).execute();
    return;
  }
  if (row.synced_version < row.version) await deps.scheduler.configure(row);
  else if (row.synced_enabled !== row.enabled) await deps.scheduler.setEnabled(row);
  else return;
  await deps.db
    .updateTable('heartbeats')
    .set({ synced_version: row.version, synced_enabled: row.enabled })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('enabled', '=', row.enabled)
    .execute();
}

/** The change is saved; if Temporal cannot be told now, the client hears 503 and the reconciler applies it later. */
export async function syncOrUnavailable(deps: HeartbeatDeps, row: Heartbeat): Promise<void> {
  try {
    await syncHeartbeat(deps, row);
  } catch (err) {
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

/** Heals every row the workflows have not caught up with (start-up and every few seconds). */
export async function reconcileHeartbeats(
  deps: HeartbeatDeps,
  limit = 200,
): Promise<{ synced: number; failed: number }> {
  const rows = await deps.db
    .selectFrom('heartbeats')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('synced_version', '<', eb.ref('version')),
        eb('synced_enabled', '<>', eb.ref('enabled')),
        eb('deleted_at', 'is not', null),
      ]),
    )
    .orderBy('updated_at')
    .limit(limit)
    .execute();
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
