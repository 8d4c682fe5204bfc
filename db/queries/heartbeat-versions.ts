/** SQL for the configurations a heartbeat has had (heartbeat_versions). */
import type { Db } from '../client.js';
import type { NewHeartbeatVersion } from '../database.js';
import { pageOf, pageWindow, type PageRequest } from './pages.js';

/** Records a version once: a retried change that wrote it already changes nothing. */
export async function insertHeartbeatVersions(db: Db, versions: NewHeartbeatVersion[]): Promise<void> {
  if (versions.length === 0) return;
  await db
    .insertInto('heartbeat_versions')
    .values(versions)
    .onConflict((oc) => oc.columns(['heartbeat_id', 'version']).doNothing())
    .execute();
}

/** A page of a heartbeat's versions, newest first, with their total. */
export function pageHeartbeatVersions(db: Db, q: { projectId: string; heartbeatId: string }, req: PageRequest) {
  const { limit, offset } = pageWindow(req);
  const base = (d: Db) =>
    d.selectFrom('heartbeat_versions').where('project_id', '=', q.projectId).where('heartbeat_id', '=', q.heartbeatId);
  return pageOf(
    db,
    req,
    (d) => base(d).selectAll().orderBy('version', 'desc').limit(limit).offset(offset).execute(),
    async (d) =>
      (
        await base(d)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
  );
}
