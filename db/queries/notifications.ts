/** SQL for notifications: stored once per key, read for delivery, marked delivered, paged. */
import type { Db } from '../client.js';
import type { Insertable } from 'kysely';
import type { Notification, NotificationsTable } from '../database.js';
import { countOf, pageRows, type Page, type PageRequest } from './pages.js';

export type NewNotification = Pick<
  Insertable<NotificationsTable>,
  'project_id' | 'bot_id' | 'heartbeat_id' | 'member_id' | 'notification_key' | 'run_key' | 'title' | 'body'
>;

/** Stores a notification once per key; returns its id either way. */
export async function storeNotificationOnce(db: Db, n: NewNotification): Promise<string> {
  const inserted = await db
    .insertInto('notifications')
    .values(n)
    .onConflict((oc) => oc.column('notification_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db
    .selectFrom('notifications')
    .select('id')
    .where('notification_key', '=', n.notification_key)
    .executeTakeFirstOrThrow();
  return existing.id;
}

export interface NotificationFilter {
  projectId: string;
  memberId?: string;
  heartbeatId?: string;
  runKey?: string;
}

/** The project's notifications, newest first. */
export function pageNotifications(db: Db, f: NotificationFilter, req: PageRequest): Promise<Page<Notification>> {
  const base = (q: Db) => {
    let b = q.selectFrom('notifications').where('project_id', '=', f.projectId);
    if (f.memberId) b = b.where('member_id', '=', f.memberId);
    if (f.heartbeatId) b = b.where('heartbeat_id', '=', f.heartbeatId);
    if (f.runKey) b = b.where('run_key', '=', f.runKey);
    return b;
  };
  return pageRows(db, req, base, 'desc');
}

/** How many notifications a bot's runs stored. */
export function countBotNotifications(db: Db, botId: string): Promise<number> {
  return countOf(db.selectFrom('notifications').where('bot_id', '=', botId));
}
