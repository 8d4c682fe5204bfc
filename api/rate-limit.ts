/**
 * Per-project request limits, shared by every API process: the counts live in PostgreSQL
 * (rate-limiter-flexible's store, an upsert per request on an unlogged table), so N API
 * replicas allow the plan's limit, not N times it. Windows are one minute from a project's
 * first request in them. Once a project is over its limit, this process refuses it from memory
 * until the window ends, without asking the database; while the database is unreachable, each
 * process counts alone in memory rather than refusing every request.
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
  const verdict = (allowed: boolean, limit: number, res: RateLimiterRes): RateVerdict => ({
    allowed,
    limit,
    remaining: allowed ? res.remainingPoints : 0,
    resetEpochSeconds: Math.ceil((Date.now() + Math.max(0, res.msBeforeNext)) / 1000),
  });
  return {
    async take(key, limit) {
      try {
        return verdict(true, limit, await limiterFor(limit).consume(key));
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return verdict(false, limit, refusal);
        throw refusal;
      }
    },
  };
}
