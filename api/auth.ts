/** Bearer-key authentication and the per-project rate limit, for every /v1 request. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/client.js';
import { findKeyOwner, type KeyOwner } from '../db/queries/api-keys.js';
import { surfaceOf } from './access.js';
import { ApiError } from './errors.js';
import { createKeyCache, type KeyCache } from './key-cache.js';
import type { AppEnv } from './openapi.js';
import type { RateLimiter } from './rate-limit.js';

/** The client's address, when the request came over a socket (the dashboard passes its page's on). */
function clientAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/**
 * `Authorization: Bearer <key>` → the key's project, plan and grant; then the project's rate limit,
 * one count for every surface (REST, MCP, the dashboard). A `project_id` that is not the key's
 * project is refused (403), before anything is looked up.
 * Without a cache that hears key changes, unknown keys are still remembered and limited.
 */
export function authenticate(db: Db, limiter: RateLimiter, keys: KeyCache = createKeyCache({ active: () => false })) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError('missing_api_key', 'Send your API key as "Authorization: Bearer <key>".');
    const key = match[1]!;
    const owner = await keys.lookup(key, () => findKeyOwner(db, key), clientAddress(c));
    if (owner && 'retryAfterSeconds' in owner) {
      throw new ApiError(
        'rate_limited',
        'Too many unknown API keys from this address; try again later.',
        [],
        owner.retryAfterSeconds,
      );
    }
    if (!owner) throw new ApiError('invalid_api_key', 'The API key is not valid.');
    if (owner.revoked) throw new ApiError('revoked_api_key', 'The API key has been revoked.');

    const verdict = await limiter.take(owner.project.id, owner.plan.rate_limit_per_minute);
    c.header('X-RateLimit-Limit', String(verdict.limit));
    c.header('X-RateLimit-Remaining', String(verdict.remaining));
    c.header('X-RateLimit-Reset', String(verdict.resetEpochSeconds));
    if (!verdict.allowed) {
      c.header('Retry-After', String(Math.max(1, verdict.resetEpochSeconds - Math.floor(Date.now() / 1000))));
      throw new ApiError('rate_limited', `Rate limit of ${verdict.limit} requests per minute reached.`);
    }

    const projectId = await requestedProjectId(c.req.raw);
    if (projectId !== undefined) requireOwnProject(owner, projectId);
    c.set('owner', { ...owner, via: surfaceOf(c.env, c.req.path) });
    await next();
  });
}

/** Refuses (403) a `project_id` that is not the key's project. */
export function requireOwnProject(owner: KeyOwner, projectId: string): void {
  if (projectId !== owner.project.id) {
    throw new ApiError('project_mismatch', 'This API key does not belong to that project.');
  }
}

/** The `project_id` of the query string or JSON body, without consuming the body. */
async function requestedProjectId(request: Request): Promise<string | undefined> {
  const fromQuery = new URL(request.url).searchParams.get('project_id');
  if (fromQuery !== null) return fromQuery;
  if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return undefined;
  try {
    const body: unknown = await request.clone().json();
    const value = (body as { project_id?: unknown } | null)?.project_id;
    return value === undefined || value === null ? undefined : String(value);
  } catch {
    return undefined; // malformed JSON is reported by the route's validator
  }
}
