/** SQL for notifications: stored once per key, read for delivery, marked delivered, paged. */
import type { Db } from '../client.js';
import type { Notification } from '../database.js';
import { pageOf, pageWindow, type Page, type PageRequest } from './pages.js';

export interface NewNotification {
  project_id: string;
  bot_id: string;
  heartbeat_id: string | null;
  member_id: string | null;
  notification_key: string;
  run_key: string;
  title: string;
  body: string;
}

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

/** A notification with its bot's webhook, for delivery. */
export function notificationForDelivery(db: Db, notificationId: string) {
  return db
    .selectFrom('notifications')
    .innerJoin('bots', 'bots.id', 'notifications.bot_id')
    .select([
      'notifications.id',
      'notifications.notification_key',
      'notifications.run_key',
      'notifications.project_id',
      'notifications.bot_id',
      'notifications.heartbeat_id',
      'notifications.member_id',
      'notifications.title',
      'notifications.body',
      'notifications.created_at',
      'notifications.delivered_at',
      'notifications.suppressed',
      'bots.webhook_url',
      'bots.webhook_secret',
    ])
    .where('notifications.id', '=', notificationId)
    .executeTakeFirst();
}

export async function setDeliveryStatus(db: Db, notificationId: string, status: string, deliveredAt?: Date) {
  await db
    .updateTable('notifications')
    .set({ delivery_status: status, ...(deliveredAt && { delivered_at: deliveredAt }) })
    .where('id', '=', notificationId)
    .execute();
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
  const { limit, offset } = pageWindow(req);
  return pageOf(
    db,
    req,
    (q) =>
      base(q).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    (q) =>
      base(q)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => r.n),
  );
}

/** How many notifications a bot's runs stored. */
export async function countBotNotifications(db: Db, botId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bot_id', '=', botId)
    .executeTakeFirstOrThrow();
  return row.n;
}
