/** Alerts and notifications on their way to a bot's webhook: read with the webhook, marked as they go. */
import type { Selectable } from 'kysely';
import type { Db } from '../client.js';
import type { Database } from '../database.js';

type Delivered = 'alerts' | 'notifications';

export type ForDelivery<T extends Delivered> = Selectable<Database[T]> & {
  webhook_url: string | null;
  webhook_secret: string | null;
};

/** A stored alert or notification with its bot's webhook, or undefined. */
export function forDelivery<T extends Delivered>(db: Db, table: T, id: string): Promise<ForDelivery<T> | undefined> {
  // Both tables are read under one alias, so one statement serves either.
  return db
    .selectFrom(`${table} as d` as 'alerts as d')
    .innerJoin('bots', 'bots.id', 'd.bot_id')
    .selectAll('d')
    .select(['bots.webhook_url', 'bots.webhook_secret'])
    .where('d.id', '=', id)
    .executeTakeFirst() as Promise<ForDelivery<T> | undefined>;
}

export async function setDeliveryStatus(db: Db, table: Delivered, id: string, status: string, deliveredAt?: Date) {
  await db
    .updateTable(table as 'alerts')
    .set({ delivery_status: status, ...(deliveredAt && { delivered_at: deliveredAt }) })
    .where('id', '=', id)
    .execute();
}
