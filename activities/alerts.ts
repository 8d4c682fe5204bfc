/** Alerts: stored once by key when the bot subscribes to them, then delivered to its webhook. */
import { alertWebhookBody, type AlertCandidate } from '../domain/alerts.js';
import { storeSubscribedAlerts } from '../db/queries/alerts.js';
import { forDelivery, setDeliveryStatus } from '../db/queries/deliveries.js';
import { withDbRetry } from './attempts.js';
import type { ActivityDeps } from './deps.js';
import { postSigned } from './notifications.js';

/**
 * Raises alerts: stores those the bot subscribes to (once per key) and returns the ids to
 * deliver. Keys make it safe to raise the same alerts again from a retried attempt.
 */
export async function raiseAlerts(deps: Pick<ActivityDeps, 'db'>, alerts: AlertCandidate[]): Promise<string[]> {
  if (alerts.length === 0) return [];
  return withDbRetry(() => storeSubscribedAlerts(deps.db, alerts));
}

/** POSTs a stored alert to its bot's webhook, with `type` the event: signed and retried like a notification. */
export async function deliverAlert(
  deps: Pick<ActivityDeps, 'db' | 'metrics' | 'fetch' | 'secrets'>,
  alertId: string,
): Promise<'delivered' | 'already_delivered' | 'no_webhook'> {
  const { db } = deps;
  const row = await forDelivery(db, 'alerts', alertId);
  if (!row || !row.webhook_url || !row.webhook_secret) return 'no_webhook';
  if (row.delivered_at) return 'already_delivered';
  return postSigned(deps, {
    kind: 'alert',
    url: row.webhook_url,
    sealedSecret: row.webhook_secret,
    id: row.alert_key,
    body: alertWebhookBody(row),
    setStatus: (status, at) => setDeliveryStatus(db, 'alerts', row.id, status, at),
  });
}
