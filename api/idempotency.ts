/**
 * `Idempotency-Key` on the requests that create or run something (configure, trigger): the first
 * request with a key does the work and its answer is kept for 24 hours; a retry with the same key
 * and the same request gets that answer again (`Idempotent-Replayed: true`), however many arrive
 * at once; the same key with a different request is refused (422). Answers the service could
 * not give (5xx) are not kept, so a retry tries again; neither is a 202, whose run is still under
 * way: a retry of it is safe, since the run key makes it the same run.
 */
import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  releaseIdempotencyKey,
  saveIdempotentResponse,
} from '../db/queries/idempotency.js';
import { ApiError } from './errors.js';
import type { AppEnv } from './openapi.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
const WAIT_FOR_FIRST_MS = 30_000;
const KEY = /^[\x21-\x7e]{1,200}$/;

/** JSON with sorted keys: the same request however its fields are ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function idempotent(scope: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY.test(key)) {
      throw new ApiError('validation_failed', 'Idempotency-Key: 1 to 200 printable ASCII characters.', [
        { field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: '1 to 200 printable ASCII characters' },
      ]);
    }
    let body: unknown;
    try {
      body = await c.req.raw.clone().json();
    } catch {
      return next(); // the route's validator answers malformed JSON
    }
    const { db } = c.var.deps;
    const ref = { projectId: c.var.owner.project.id, scope, key };
    const hash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path} ${canonical(body)}`)
      .digest('hex');

    /** This request has the key: it does the work, and its answer is kept (or the key let go). */
    const first = async () => {
      try {
        await next();
      } catch (err) {
        await releaseIdempotencyKey(db, ref);
        throw err;
      }
      const status = c.res.status;
      if (status >= 500 || status === 202) await releaseIdempotencyKey(db, ref);
      else await saveIdempotentResponse(db, ref, status, await c.res.clone().json());
    };
    if (await claimIdempotencyKey(db, ref, hash, IDEMPOTENCY_TTL_MS)) return first();

    // Another request has, or had, this key: wait for its answer and give the same one.
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const record = await findIdempotencyKey(db, ref);
      if (!record) {
        // The first request failed and let the key go: this one takes it.
        if (await claimIdempotencyKey(db, ref, hash, IDEMPOTENCY_TTL_MS)) return first();
        continue;
      }
      if (record.request_hash !== hash) {
        throw new ApiError(
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request; use a new key for a new request.',
        );
      }
      if (record.response_status !== null) {
        c.header('Idempotent-Replayed', 'true');
        return c.json(record.response_body as object, record.response_status as 200);
      }
      if (Date.now() > deadline) {
        c.header('Retry-After', '1');
        throw new ApiError(
          'idempotency_key_in_progress',
          'A request with this Idempotency-Key is still being handled.',
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}
