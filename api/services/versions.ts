/** The configurations a heartbeat has had: recorded with each change, listed newest first. */
import type { Heartbeat, HeartbeatVersion, NewHeartbeatVersion } from '../../db/database.js';
import { insertHeartbeatVersions, pageHeartbeatVersions } from '../../db/queries/heartbeat-versions.js';
import { findHeartbeat } from '../../db/queries/heartbeats.js';
import type { PageRequest } from '../../db/queries/pages.js';
import type { Db } from '../../db/client.js';
import type { VersionChange } from '../../domain/heartbeat.js';
import type { Caller } from '../access.js';
import type { ServiceDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { heartbeatOf } from '../mappers.js';
import { configurationOf } from '../routes/heartbeats/version-schemas.js';

/** A change no key made: the operator's (a plan change), through no surface. */
export interface OperatorChange {
  via: null;
  key: null;
  project: { billing_anchor: Date };
}

/** Records the versions the rows just written are at, in the transaction that wrote them. */
export function recordVersions(
  db: Db,
  owner: Caller | OperatorChange,
  rows: Heartbeat[],
  change: VersionChange,
  now: Date,
) {
  return insertHeartbeatVersions(
    db,
    rows.map((row): NewHeartbeatVersion => ({
      heartbeat_id: row.id,
      version: row.version,
      project_id: row.project_id,
      change,
      via: owner.via,
      key_id: owner.key?.id ?? null,
      key_prefix: owner.key?.prefix ?? null,
      key_name: owner.key?.name ?? null,
      configuration: JSON.stringify(configurationOf(heartbeatOf(row, owner.project.billing_anchor, now))),
    })),
  );
}

function toVersion(v: Pick<HeartbeatVersion, Exclude<keyof HeartbeatVersion, 'heartbeat_id' | 'project_id'>>) {
  return {
    version: v.version,
    change: v.change,
    created_at: v.created_at.toISOString(),
    via: v.via,
    changed_by: v.key_id ? { key_id: v.key_id, key_prefix: v.key_prefix ?? '', key_name: v.key_name } : null,
    configuration: v.configuration,
  };
}

/**
 * A page of a heartbeat's versions, newest first. A heartbeat configured before versions were
 * kept has none recorded for its current configuration: that one is listed all the same, with
 * what its row knows (when and through what it last changed, not by which key).
 */
export async function listVersions(
  deps: ServiceDeps,
  owner: Caller,
  q: { bot_id: string; heartbeat_id: string },
  req: PageRequest,
) {
  const row = await findHeartbeat(deps.db, owner.project.id, q.heartbeat_id);
  if (!row || row.bot_id !== q.bot_id)
    throw new ApiError('heartbeat_not_found', 'No heartbeat with that heartbeat_id for this bot.');
  const page = await pageHeartbeatVersions(deps.db, { projectId: owner.project.id, heartbeatId: row.id }, req);
  const versions = page.rows.map(toVersion);
  const unrecorded = page.pagination.total === 0 || (req.page === 1 && versions[0]?.version !== row.version);
  if (!unrecorded) return { versions, pagination: page.pagination };
  const current = toVersion({
    version: row.version,
    change: 'configured',
    created_at: row.updated_at,
    via: row.updated_via,
    key_id: null,
    key_prefix: null,
    key_name: null,
    configuration: configurationOf(heartbeatOf(row, owner.project.billing_anchor, deps.now())),
  });
  const total = page.pagination.total + 1;
  return {
    versions: req.page === 1 ? [current, ...versions].slice(0, req.per_page) : versions,
    pagination: { ...page.pagination, total, total_pages: Math.ceil(total / req.per_page) },
  };
}
