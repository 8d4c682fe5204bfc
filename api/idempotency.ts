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
import type { Db } from '../db/client.js';
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

/** Refuses (400) a key that is not 1 to 200 printable ASCII characters. */
export function checkIdempotencyKey(key: string): void {
  if (!KEY.test(key)) {
    throw new ApiError('validation_failed', 'Idempotency-Key: 1 to 200 printable ASCII characters.', [
      { field: 'Idempotency-Key', code: 'invalid_idempotency_key', message: '1 to 200 printable ASCII characters' },
    ]);
  }
}

/** What names a request under a key: its kind and its content, however its fields are ordered. */
export const requestHash = (kind: string, body: unknown) =>
  createHash('sha256')
    .update(`${kind} ${canonical(body)}`)
    .digest('hex');

export interface KeptAnswer {
  status: number;
  body: unknown;
}

type Ref = { projectId: string; scope: string; key: string };
/** The work a key guards: its answer's status, and its body (read only when it is kept). */
type Work = () => Promise<{ status: number; body: () => Promise<unknown> }>;

/**
 * Does `work` once per key: the first request with the key does it and its answer is kept
 * (answered undefined); any other request with the key and the same hash gets the kept answer,
 * waiting for it while the first is under way.
 */
export async function onceByKey(db: Db, ref: Ref, hash: string, work: Work): Promise<KeptAnswer | undefined> {
  const first = async () => {
    let answer: Awaited<ReturnType<Work>>;
    try {
      answer = await work();
    } catch (err) {
      await releaseIdempotencyKey(db, ref);
      throw err;
    }
    if (answer.status >= 500 || answer.status === 202) await releaseIdempotencyKey(db, ref);
    else await saveIdempotentResponse(db, ref, answer.status, await answer.body());
    return undefined;
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
    if (record.response_status !== null) return { status: record.response_status, body: record.response_body };
    if (Date.now() > deadline) {
      throw new ApiError(
        'idempotency_key_in_progress',
        'A request with this Idempotency-Key is still being handled.',
        [],
        1,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function idempotent(scope: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    checkIdempotencyKey(key);
    let body: unknown;
    try {
      body = await c.req.raw.clone().json();
    } catch {
      return next(); // the route's validator answers malformed JSON
    }
    const ref = { projectId: c.var.owner.project.id, scope, key };
    const kept = await onceByKey(c.var.deps.db, ref, requestHash(`${c.req.method} ${c.req.path}`, body), async () => {
      await next();
      return { status: c.res.status, body: () => c.res.clone().json() };
    });
    if (!kept) return;
    c.header('Idempotent-Replayed', 'true');
    return c.json(kept.body as object, kept.status as 200);
  });
}
