/** The rate limiter's PostgreSQL store, on the process's own pool. */
import { CompiledQuery } from 'kysely';
import type { Db } from '../client.js';

/** The table the shared rate limiter counts in (created by the rate_limits migration). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * rate-limiter-flexible's PostgreSQL store runs its own statements (an upsert per request, an
 * hourly sweep of expired windows) through a client with `query({ text, values })`. This one
 * runs them on the process's pool, so they share its connections, time limits and the
 * classification of database faults.
 */
export function rateLimitStore(db: Db) {
  return {
    async query(q: { text: string; values?: unknown[] }): Promise<{ rows: unknown[] }> {
      const result = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
