/**
 * The API in process for the database benchmarks: no Temporal (a call to it fails), no rate
 * limit, no log, so what is measured is the request's own work.
 */
import { createApp } from '../api/app.js';
import type { TemporalGateway } from '../api/temporal.js';
import type { Db } from '../db/client.js';
import { createSecretBox } from '../secrets.js';

export function benchApp(db: Db) {
  const unused = () => Promise.reject(new Error('not used by this benchmark'));
  const temporal: TemporalGateway = {
    configure: unused,
    setEnabled: unused,
    remove: unused,
    trigger: unused,
    ping: async () => undefined,
    describe: unused,
    endedSince: unused,
  };
  return createApp({
    db,
    temporal,
    secrets: createSecretBox(Buffer.alloc(32)),
    log: () => undefined,
    rateLimiter: { take: async (_k, limit) => ({ allowed: true, limit, remaining: limit, resetEpochSeconds: 0 }) },
  });
}
