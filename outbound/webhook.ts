/**
 * A bot's webhook, called the one way every sender calls it (the worker's notifications and
 * alerts, the API's stall alarm): signed in the Standard Webhooks form, with a stable id.
 */
import { Webhook } from 'standardwebhooks';
import { OutboundRefusedError } from './fetch.js';

/**
 * Signs a webhook in the Standard Webhooks form (webhook-id, webhook-timestamp,
 * webhook-signature: HMAC-SHA256 of "id.timestamp.body"), so receivers verify it, and reject
 * replays outside their window, with any Standard Webhooks library.
 */
export function signedHeaders(secret: string, id: string, body: string, at = new Date()): Record<string, string> {
  // Secrets made before the Standard Webhooks form used URL-safe base64 after the prefix.
  const key = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  const webhook = new Webhook(`whsec_${key.replace(/-/g, '+').replace(/_/g, '/')}`);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': webhook.sign(id, at, body),
  };
}

/** A refusal no retry can fix: the outbound policy forbids the URL, or the receiver said no (4xx). */
export class WebhookRefusal extends Error {
  override name = 'WebhookRefusal';
  constructor(
    message: string,
    /** What the delivery's status becomes: `refused`, or `rejected_<status>`. */
    readonly status: string,
  ) {
    super(message);
  }
}

/**
 * POSTs `body` to `url`, signed with `secret`, `id` as the webhook id and as `Idempotency-Key` so
 * the receiver can drop repeats. Throws a WebhookRefusal for what no retry can fix, any other
 * error for what a retry may (a timeout, a 5xx, 408, 429).
 */
export async function postWebhook(
  fetch: (url: string, init: RequestInit) => Promise<Response>,
  post: { url: string; secret: string; id: string; body: string },
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signedHeaders(post.secret, post.id, post.body),
        'idempotency-key': post.id,
      },
      body: post.body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    if (!(err instanceof OutboundRefusedError || (err as Error).cause instanceof OutboundRefusedError)) throw err;
    // The URL now points where the outbound policy forbids.
    throw new WebhookRefusal((err as Error).message, 'refused');
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw new WebhookRefusal(`the webhook answered ${response.status}`, `rejected_${response.status}`);
  }
  if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
}

/** How a delivery's outcome is kept: its status (and when it arrived), and a count per result. */
export interface DeliveryRecord {
  setStatus: (status: string, deliveredAt?: Date) => Promise<void>;
  count?: (result: 'delivered' | 'refused' | 'rejected' | 'failed') => void;
}

/**
 * One delivery attempt (postWebhook) with its outcome kept: `delivered`, or the refusal's status
 * (then the WebhookRefusal is thrown on), or a count of the failure a retry may fix (then thrown on).
 */
export async function deliverWebhook(
  fetch: (url: string, init: RequestInit) => Promise<Response>,
  post: { url: string; secret: string; id: string; body: string },
  record: DeliveryRecord,
): Promise<'delivered'> {
  try {
    await postWebhook(fetch, post);
  } catch (err) {
    if (!(err instanceof WebhookRefusal)) {
      record.count?.('failed');
      throw err;
    }
    await record.setStatus(err.status);
    record.count?.(err.status === 'refused' ? 'refused' : 'rejected');
    throw err;
  }
  await record.setStatus('delivered', new Date());
  record.count?.('delivered');
  return 'delivered';
}
