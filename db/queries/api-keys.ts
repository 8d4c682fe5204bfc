/** SQL for API keys: issue (only a hash is kept), revoke, look up, and hear changes to them. */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { KeyGrant } from '../../domain/access.js';
import type { Db } from '../client.js';
import type { Plan, Project } from '../database.js';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Issues a key (full access unless a grant says otherwise): the key itself is returned once; only
 * its SHA-256 is stored.
 */
export async function issueApiKey(
  db: Db,
  projectId: string,
  name: string | null = null,
  grant: KeyGrant = { scope: 'full', bot_id: null },
) {
  const key = `hb_${randomBytes(24).toString('base64url')}`;
  const row = await db
    .insertInto('api_keys')
    .values({
      project_id: projectId,
      key_hash: hashKey(key),
      prefix: key.slice(0, 10),
      name,
      scope: grant.scope,
      bot_id: grant.bot_id,
    })
    .returning(['id', 'prefix', 'scope', 'bot_id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...row, key };
}

/** Whether any of these strings is an API key of this service (revoked or not): one lookup. */
export async function anyApiKey(db: Db, candidates: string[]): Promise<boolean> {
  if (candidates.length === 0) return false;
  const row = await db
    .selectFrom('api_keys')
    .select('id')
    .where('key_hash', 'in', candidates.map(hashKey))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function revokeApiKey(db: Db, keyIdOrPrefix: string): Promise<boolean> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(keyIdOrPrefix);
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where(isUuid ? 'id' : 'prefix', '=', keyIdOrPrefix)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    await announceAuthChange(trx);
    return result.numUpdatedRows > 0n;
  });
}

/**
 * API processes cache what a key grants (its project and plan); a change to a key, a project's
 * plan or a plan's allowances is announced on this channel, delivered when its transaction
 * commits, and every API process drops what it cached.
 */
export const AUTH_CHANNEL = 'heartbeat_auth';

export async function announceAuthChange(db: Db): Promise<void> {
  await sql`select pg_notify(${AUTH_CHANNEL}, '')`.execute(db);
}

/**
 * Listens for auth changes on a connection of its own, reconnecting when it drops. `onChange` is
 * called for every change and whenever the listener (re)connects or loses its connection, since
 * changes may have been missed meanwhile; `listening()` says whether changes are being heard now.
 */
export function listenForAuthChanges(url: string, onChange: () => void) {
  let client: pg.Client | undefined;
  let listening = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const lost = () => {
    listening = false;
    onChange();
    client?.removeAllListeners();
    client?.end().catch(() => undefined);
    client = undefined;
    if (!stopped) retry = setTimeout(() => void connect(), 1_000);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'heartbeat-api-listen' });
    client = c;
    c.on('error', lost);
    c.on('end', () => !stopped && lost());
    c.on('notification', () => onChange());
    try {
      await c.connect();
      await c.query(`listen ${AUTH_CHANNEL}`);
      listening = true;
      onChange();
    } catch {
      lost();
    }
  };
  void connect();
  return {
    listening: () => listening,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      listening = false;
      await client?.end().catch(() => undefined);
    },
  };
}

export interface KeyOwner {
  project: Project;
  plan: Plan;
  revoked: boolean;
  /** The key itself: how it is shown, and what it may do. */
  key: KeyGrant & { id: string; prefix: string; name: string | null };
}

/** The project and plan a key belongs to, and what it grants, by the key's hash. */
export async function findKeyOwner(db: Db, key: string): Promise<KeyOwner | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('projects', 'projects.id', 'api_keys.project_id')
    .innerJoin('plans', 'plans.id', 'projects.plan_id')
    .select([
      'api_keys.id as key_id',
      'api_keys.prefix',
      'api_keys.name as key_name',
      'api_keys.scope',
      'api_keys.bot_id',
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
      'plans.max_bots',
      'plans.max_members',
      'plans.max_tools_per_bot',
    ])
    .where('api_keys.key_hash', '=', hashKey(key))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    revoked: row.revoked_at !== null,
    key: { id: row.key_id, prefix: row.prefix, name: row.key_name, scope: row.scope, bot_id: row.bot_id },
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
      max_bots: row.max_bots,
      max_members: row.max_members,
      max_tools_per_bot: row.max_tools_per_bot,
    },
  };
}
