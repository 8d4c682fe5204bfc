/** notify_user and alert deliveries: stored once per run key, then signed and sent to the bot's webhook. */
import { ApplicationFailure } from '@temporalio/common';
import { deliverWebhook, signedHeaders, WebhookRefusal } from '../outbound/webhook.js';
import type { Db } from '../db/client.js';
import type { ActivityDeps } from './deps.js';
import { forDelivery, setDeliveryStatus } from '../db/queries/deliveries.js';
import { storeNotificationOnce } from '../db/queries/notifications.js';
import { SecretUnreadableError } from '../secrets.js';

export interface NotificationInput {
  project_id: string;
  bot_id: string;
  heartbeat_id: string | null;
  member_id: string | null;
  run_key: string;
  /** Position of the notify_user call in the run: with the run key, the notification's identity. */
  index: number;
  title: string;
  body: string;
}

/** Stores a notification once per (run key, call index); returns its id either way. */
export function storeNotification(db: Db, n: NotificationInput): Promise<string> {
  return storeNotificationOnce(db, {
    project_id: n.project_id,
    bot_id: n.bot_id,
    heartbeat_id: n.heartbeat_id,
    member_id: n.member_id,
    notification_key: `${n.run_key}:notify:${n.index}`,
    run_key: n.run_key,
    title: n.title,
    body: n.body,
  });
}

export { signedHeaders };

/** Where a signed webhook goes, and how its outcome is kept. */
export interface SignedPost {
  kind: 'notification' | 'alert';
  url: string;
  /** The bot's webhook secret, sealed at rest. */
  sealedSecret: string;
  /** The webhook id and `Idempotency-Key`: the same for every retry. */
  id: string;
  body: string;
  setStatus: (status: string, deliveredAt?: Date) => Promise<void>;
}

/**
 * POSTs a body to a bot's webhook (outbound/webhook.ts), keeping the delivery's status. A failure
 * throws, and the activity's retry policy backs off; a refusal no retry can fix is non-retryable.
 */
export async function postSigned(deps: Pick<ActivityDeps, 'metrics' | 'fetch' | 'secrets'>, post: SignedPost) {
  try {
    return await deliverWebhook(
      deps.fetch,
      { ...post, secret: deps.secrets.open(post.sealedSecret, 'webhook_secret') },
      { setStatus: post.setStatus, count: (result) => deps.metrics?.webhooks.inc({ kind: post.kind, result }) },
    );
  } catch (err) {
    // The bot's secret is sealed under a key this worker lacks: no retry can open it.
    if (err instanceof SecretUnreadableError) throw ApplicationFailure.nonRetryable(err.message, err.name);
    if (!(err instanceof WebhookRefusal)) throw err;
    throw ApplicationFailure.nonRetryable(err.message, err.status === 'refused' ? 'WebhookRefused' : 'WebhookRejected');
  }
}

/** The named fields of a row, for a webhook body that says them as the row does. */
export const fieldsOf = <T, K extends keyof T>(row: T, keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;

/** POSTs a stored notification to its bot's webhook (see `postSigned`). */
export async function deliverNotification(
  deps: Pick<ActivityDeps, 'db' | 'metrics' | 'fetch' | 'secrets'>,
  notificationId: string,
): Promise<'delivered' | 'already_delivered' | 'no_webhook' | 'suppressed'> {
  const { db } = deps;
  const row = await forDelivery(db, 'notifications', notificationId);
  // Held back by the heartbeat's notify_policy: never sent, whoever asks.
  if (row?.suppressed) return 'suppressed';
  if (!row || !row.webhook_url || !row.webhook_secret) return 'no_webhook';
  if (row.delivered_at) return 'already_delivered';
  const body = JSON.stringify({
    type: 'notification',
    id: row.id,
    ...fieldsOf(row, ['project_id', 'bot_id', 'heartbeat_id', 'member_id', 'run_key', 'title', 'body']),
    created_at: row.created_at.toISOString(),
  });
  return postSigned(deps, {
    kind: 'notification',
    url: row.webhook_url,
    sealedSecret: row.webhook_secret,
    id: row.notification_key,
    body,
    setStatus: (status, at) => setDeliveryStatus(db, 'notifications', row.id, status, at),
  });
}
