/** SQL for the dashboard's sessions: start one, check one is live, end one. */
import type { Db } from '../client.js';

/** Starts a session until `expiresAt` (and forgets those already expired); returns its id. */
export async function startSession(db: Db, projectId: string, now: Date, expiresAt: Date): Promise<string> {
  await db.deleteFrom('dashboard_sessions').where('expires_at', '<', now).execute();
  const row = await db
    .insertInto('dashboard_sessions')
    .values({ project_id: projectId, created_at: now, expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether a session has neither ended nor expired. */
export async function sessionLive(db: Db, id: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('dashboard_sessions')
    .select('id')
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('id', '=', id).execute();
}
