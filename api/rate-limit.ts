/**
 * Per-project request limits, shared by every API process: the counts live in PostgreSQL
 * (rate-limiter-flexible's store, an upsert per request on an unlogged table), so N API
 * replicas allow the plan's limit, not N times it. Windows are one minute from a project's
 * first request in them. A process takes points from the shared count a few at a time (1 % of a
 * large limit: see `leaseSize`), so a busy project costs a database round trip per hundred
 * requests, not per request. Once a project is over its limit, this process refuses it from
 * memory until the window ends, without asking the database; while the database is unreachable,
 * each process counts alone in memory rather than refusing every request.
 */
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/client.js';
import { RATE_LIMIT_TABLE, rateLimitStore } from '../db/queries/rate-limits.js';

export interface RateVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
}

export interface RateLimiter {
  take(key: string, limitPerMinute: number): Promise<RateVerdict>;
}

const WINDOW_SECONDS = 60;
/** One row per project, whatever its plan's limit, so a plan change keeps the window's count. */
const KEY_PREFIX = 'project';

export function createRateLimiter(db: Db): RateLimiter {
  const store = rateLimitStore(db);
  // A limiter knows one limit; plans have a few, so there is one limiter per limit in use.
  const limiters = new Map<number, RateLimiterPostgres>();
  const limiterFor = (points: number) => {
    let limiter = limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient: store,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        keyPrefix: KEY_PREFIX,
        points,
        duration: WINDOW_SECONDS,
        inMemoryBlockOnConsumed: points,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: KEY_PREFIX, points, duration: WINDOW_SECONDS }),
      });
      limiters.set(points, limiter);
    }
    return limiter;
  };
  const verdict = (allowed: boolean, limit: number, remaining: number, msBeforeNext: number): RateVerdict => ({
    allowed,
    limit,
    remaining: allowed ? remaining : 0,
    resetEpochSeconds: Math.ceil((Date.now() + Math.max(0, msBeforeNext)) / 1000),
  });

  // Points this process has taken from the shared count and not used yet, per key.
  const leases = new Map<string, Lease>();
  const inFlight = new Map<string, Promise<unknown>>();

  /** Takes `points` from the shared count for this request and the next ones of this process. */
  async function lease(key: string, limit: number, points: number): Promise<RateVerdict> {
    const limiter = limiterFor(limit);
    try {
      const res = await limiter.consume(key, points);
      leases.set(key, {
        limit,
        left: points - 1,
        expiresAt: Date.now() + res.msBeforeNext,
        sharedRemaining: res.remainingPoints,
      });
      return verdict(true, limit, res.remainingPoints + points - 1, res.msBeforeNext);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      // Not given back: the refusal may come from this process's memory, with nothing taken.
      leases.delete(key);
      return verdict(false, limit, 0, refusal.msBeforeNext);
    }
  }

  return {
    async take(key, limit) {
      for (;;) {
        const now = Date.now();
        const held = leases.get(key);
        if (held && held.limit === limit && held.expiresAt > now && held.left > 0) {
          held.left--;
          return verdict(true, limit, held.sharedRemaining + held.left, held.expiresAt - now);
        }
        // One lease at a time per key in this process: the others wait for it and use it.
        const pending = inFlight.get(key);
        if (pending) {
          await pending.catch(() => undefined);
          continue;
        }
        const known = held && held.limit === limit && held.expiresAt > now ? held.sharedRemaining : limit;
        const taking = lease(key, limit, leaseSize(limit, known));
        inFlight.set(key, taking);
        try {
          return await taking;
        } finally {
          inFlight.delete(key);
        }
      }
    },
  };
}

interface Lease {
  limit: number;
  /** Points taken and not used yet. */
  left: number;
  expiresAt: number;
  /** What the shared count had left when this lease was taken. */
  sharedRemaining: number;
}

/**
 * How many points one trip to the database takes: 1 % of the limit (at most 100), never more
 * than the shared count had left. Small limits go one point at a time, so they are exact; a
 * large one costs a database round trip per 1 % of it, and a window can end with at most that
 * many points unused per process, never more admitted than the limit.
 */
function leaseSize(limit: number, sharedRemaining: number): number {
  return Math.max(1, Math.min(Math.floor(limit / 100), 100, sharedRemaining));
}
