/** SQL for Idempotency-Key records: claim, read, save the answer, release, expire. */
import { sql } from 'kysely';
import type { Db } from '../client.js';

export interface IdempotencyRecord {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  expires_at: Date;
}

type Ref = { projectId: string; scope: string; key: string };

/** Claims a key for a request: true when this request is the first with it (or the last one expired). */
export async function claimIdempotencyKey(db: Db, ref: Ref, requestHash: string, ttlMs: number): Promise<boolean> {
  const now = new Date();
  const { rows } = await sql<{ claimed: boolean }>`
    insert into idempotency_keys (project_id, scope, key, request_hash, expires_at)
    values (${ref.projectId}, ${ref.scope}, ${ref.key}, ${requestHash}, ${new Date(now.getTime() + ttlMs)})
    on conflict (project_id, scope, key) do update
      set request_hash = excluded.request_hash, response_status = null, response_body = null,
          created_at = now(), expires_at = excluded.expires_at
      where idempotency_keys.expires_at <= ${now}
    returning true as claimed`.execute(db);
  return rows.length > 0;
}

export function findIdempotencyKey(db: Db, ref: Ref): Promise<IdempotencyRecord | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body', 'expires_at'])
    .where('project_id', '=', ref.projectId)
    .where('scope', '=', ref.scope)
    .where('key', '=', ref.key)
    .executeTakeFirst();
}

export async function saveIdempotentResponse(db: Db, ref: Ref, status: number, body: unknown): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_body: JSON.stringify(body) })
    .where('project_id', '=', ref.projectId)
    .where('scope', '=', ref.scope)
    .where('key', '=', ref.key)
    .execute();
}

/** Lets the key be used again (the request it was claimed for failed on the service's side). */
export async function releaseIdempotencyKey(db: Db, ref: Ref): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('project_id', '=', ref.projectId)
    .where('scope', '=', ref.scope)
    .where('key', '=', ref.key)
    .where('response_status', 'is', null)
    .execute();
}

export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
