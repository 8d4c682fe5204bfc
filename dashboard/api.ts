/**
 * The dashboard reads and acts only through the public API, in process, with the signed-in key:
 * the same validation, limits and errors as any client, and nothing the API does not offer.
 */
import { createHeartbeatClient, HeartbeatApiError, unwrap, type HeartbeatClient } from '../client/index.js';
import type { Session } from './session.js';

export { HeartbeatApiError, unwrap };
export type { HeartbeatClient };
export type {
  Bot,
  Heartbeat,
  HeartbeatVersion,
  LogEntry,
  Preview,
  RunResult,
  Stats,
  components,
} from '../client/index.js';

/** Calls the API's own fetch handler: no socket, no second process. */
export type ApiFetch = (request: Request) => Response | Promise<Response>;

export function clientFor(api: ApiFetch, session: Pick<Session, 'key'>, requestId?: string): HeartbeatClient {
  return createHeartbeatClient({
    // Any origin: the request never leaves the process.
    baseUrl: 'http://dashboard.internal',
    apiKey: session.key,
    fetch: async (...[input, init]: Parameters<typeof fetch>) => api(new Request(input, init)),
    headers: requestId ? { 'x-request-id': requestId } : undefined,
  });
}

/** The API's field errors by field, for showing each beside its input. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof HeartbeatApiError)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details) out[d.field] ??= d.message;
  return out;
}
