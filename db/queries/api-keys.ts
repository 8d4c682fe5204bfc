import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../client.js';
import type { Plan, Project } from '../database.js';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Issues a key: the key itself is returned once; only its SHA-256 is stored. */
export async function issueApiKey(db: Db, projectId: string, name: string | null = null) {
  const key = `hb_${randomBytes(24).toString('base64url')}`;
  const row = await db
    .insertInto('api_keys')
    .values({ project_id: projectId, key_hash: hashKey(key), prefix: key.slice(0, 10), name })
    .returning(['id', 'prefix', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...row, key };
}

export async function revokeApiKey(db: Db, keyIdOrPrefix: string): Promise<boolean> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(keyIdOrPrefix);
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where(isUuid ? 'id' : 'prefix', '=', keyIdOrPrefix)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface KeyOwner {
  project: Project;
  plan: Plan;
  revoked: boolean;
}

/** The project and plan a key belongs to, by the key's hash. */
export async function findKeyOwner(db: Db, key: string): Promise<KeyOwner | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('projects', 'projects.id', 'api_keys.project_id')
    .innerJoin('plans', 'plans.id', 'projects.plan_id')
    .select([
      'api_keys.revoked_at',
      'projects.id as project_id',
      'projects.name',
      'projects.plan_id',
      'projects.billing_anchor',
      'projects.created_at',
      'plans.heartbeat_enabled',
      'plans.max_heartbeats_per_bot',
      'plans.min_interval_minutes',
      'plans.rate_limit_per_minute',
    ])
    .where('api_keys.key_hash', '=', hashKey(key))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    revoked: row.revoked_at !== null,
    project: {
      id: row.project_id,
      name: row.name,
      plan_id: row.plan_id,
      billing_anchor: row.billing_anchor,
      created_at: row.created_at,
    },
    plan: {
      id: row.plan_id,
      heartbeat_enabled: row.heartbeat_enabled,
      max_heartbeats_per_bot: row.max_heartbeats_per_bot,
      min_interval_minutes: row.min_interval_minutes,
      rate_limit_per_minute: row.rate_limit_per_minute,
    },
  };
}
