/**
 * Alerts the API raises itself (a stalled heartbeat) go to the bot's webhook from the API process:
 * the workers, which send every other alert, may be what stopped. Signed, kept and counted as the
 * worker's deliveries are (outbound/webhook.ts), retried with backoff for about half an hour.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { forDelivery, setDeliveryStatus } from '../db/queries/deliveries.js';
import type { Db } from '../db/client.js';
import { alertWebhookBody } from '../domain/alerts.js';
import { deliverWebhook, WebhookRefusal } from '../outbound/webhook.js';
import type { SecretBox } from '../secrets.js';
import type { Metrics } from '../telemetry/metrics.js';

export interface AlertSender {
  /** Starts delivering these stored alerts; each is tried until delivered, refused or given up. */
  send(alertIds: string[]): void;
  /** Stops retrying and waits for the attempts under way. */
  stop(): Promise<void>;
}

/** Delivery attempts per alert and the waits between them: as the worker's (about 30 minutes in all). */
const ATTEMPTS = 10;
const FIRST_WAIT_MS = 2_000;
const LONGEST_WAIT_MS = 5 * 60_000;

export function createAlertSender(deps: {
  db: Db;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  secrets: SecretBox;
  metrics?: Metrics;
  log: (message: string, err?: unknown) => void;
}): AlertSender {
  const stopping = new AbortController();
  const underWay = new Set<Promise<void>>();

  async function deliver(alertId: string): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS && !stopping.signal.aborted; attempt++) {
      const row = await forDelivery(deps.db, 'alerts', alertId);
      if (!row || !row.webhook_url || !row.webhook_secret || row.delivered_at) return;
      try {
        await deliverWebhook(
          deps.fetch,
          {
            url: row.webhook_url,
            secret: deps.secrets.open(row.webhook_secret, 'webhook_secret'),
            id: row.alert_key,
            body: alertWebhookBody(row),
          },
          {
            setStatus: (status, at) => setDeliveryStatus(deps.db, 'alerts', row.id, status, at),
            count: (result) => deps.metrics?.webhooks.inc({ kind: 'alert', result }),
          },
        );
        return;
      } catch (err) {
        if (err instanceof WebhookRefusal) return;
        deps.log(`alert ${alertId}: delivery attempt ${attempt} failed`, err);
      }
      const wait = Math.min(FIRST_WAIT_MS * 2 ** (attempt - 1), LONGEST_WAIT_MS);
      await sleep(wait, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  }

  return {
    send(alertIds) {
      for (const id of alertIds) {
        const work: Promise<void> = deliver(id)
          .catch((err: unknown) => deps.log(`alert ${id}: delivery gave up`, err))
          .finally(() => underWay.delete(work));
        underWay.add(work);
      }
    },
    async stop() {
      stopping.abort();
      await Promise.all(underWay);
    },
  };
}
