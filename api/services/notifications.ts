/** A page of the project's stored notifications. */
import type { KeyOwner } from '../../db/queries/api-keys.js';
import { pageNotifications } from '../../db/queries/notifications.js';
import type { PageRequest } from '../../db/queries/pages.js';
import type { ServiceDeps } from '../deps.js';

export function listNotifications(
  deps: ServiceDeps,
  owner: KeyOwner,
  q: PageRequest & { member_id?: string; heartbeat_id?: string; run_key?: string },
) {
  return pageNotifications(
    deps.db,
    { projectId: owner.project.id, memberId: q.member_id, heartbeatId: q.heartbeat_id, runKey: q.run_key },
    q,
  );
}
